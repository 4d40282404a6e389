"""Superusers see who has a second factor in the admin, in Arabic and without any key or code,
and answer a lost phone by deleting the authenticator; other staff do not see these pages."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.roles import TAWASUL_AGENTS
from staffauth import services
from tests.factories import UserFactory, verified_login
from tests.staffauth.conftest import SETUP, password_step

pytestmark = pytest.mark.django_db

AUTHENTICATORS = reverse("admin:staffauth_authenticator_changelist")
BACKUP_CODES = reverse("admin:staffauth_backupcodeset_changelist")


def test_superusers_see_who_has_a_second_factor_without_keys_or_codes(client, staff, device):
    codes = services.backup_codes_replace(user=staff)
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(AUTHENTICATORS).content.decode()
    assert "تطبيقات المصادقة" in page
    assert staff.full_name in page
    assert device.key not in page
    page = client.get(BACKUP_CODES).content.decode()
    assert staff.full_name in page
    assert "رموز غير مستخدمة" in page
    assert not any(code.replace("-", "")[:5] in page for code in codes)
    detail = client.get(reverse("admin:staffauth_authenticator_change", args=[device.pk]))
    assert detail.status_code == 200
    assert device.key not in detail.content.decode()
    # django-otp's own pages, which could show keys, are not there.
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404


def test_a_superuser_resets_a_lost_phone_and_the_member_sets_up_a_new_one(client, staff, device):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:staffauth_authenticator_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    member = Client()
    response = member.get(password_step(member, staff).url)
    assert response.url.startswith(SETUP)


def test_other_staff_do_not_see_the_second_factor_pages(client, staff, device):
    agent = UserFactory(is_staff=True)
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    verified_login(client, agent)
    assert client.get(AUTHENTICATORS).status_code == 403
    assert (
        client.post(
            reverse("admin:staffauth_authenticator_delete", args=[device.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    device.refresh_from_db()
