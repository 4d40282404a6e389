"""Every log-in and every failed log-in, staff and users alike, with the client's address; the
password is never kept."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tests.audit.helpers import CLIENT, behind_one_proxy, entries, only_entry
from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
WRONG_PASSWORD = "Not-the-password-7391"


@pytest.fixture
def proxied(client, settings):
    return behind_one_proxy(client, settings)


def test_a_user_logging_in_is_recorded_with_the_clients_address(proxied):
    user = UserFactory(username="resident1")
    response = proxied.post(
        reverse("accounts:login"), {"username": "resident1", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302

    entry = only_entry(Action.LOGIN)
    assert (entry.actor, entry.actor_repr, entry.address) == (user, "resident1", CLIENT)
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(user.pk))


def test_staff_logging_in_to_the_admin_is_recorded(proxied):
    staff = UserFactory(username="agent1", is_staff=True)
    response = proxied.post(
        reverse("admin:login"), {"username": "agent1", "password": DEMO_PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    entry = only_entry(Action.LOGIN)
    assert (entry.actor, entry.address) == (staff, CLIENT)


def test_a_failed_log_in_names_the_account_tried_and_never_the_password(proxied):
    UserFactory(username="resident1")
    response = proxied.post(
        reverse("accounts:login"), {"username": "resident1", "password": WRONG_PASSWORD}
    )
    assert response.status_code == 200

    entry = only_entry(Action.LOGIN_FAILED)
    assert (entry.actor, entry.object_repr, entry.address) == (None, "resident1", CLIENT)
    assert entries(Action.LOGIN) == []
    stored = AuditEntry.objects.filter(pk=entry.pk).values().get()
    assert WRONG_PASSWORD not in repr(stored)
    assert "password" not in repr(stored).lower()


def test_a_failed_staff_log_in_to_the_admin_is_recorded(proxied):
    UserFactory(username="agent1", is_staff=True)
    proxied.post(reverse("admin:login"), {"username": "agent1", "password": WRONG_PASSWORD})
    entry = only_entry(Action.LOGIN_FAILED)
    assert (entry.object_repr, entry.address) == ("agent1", CLIENT)
    assert WRONG_PASSWORD not in repr(AuditEntry.objects.filter(pk=entry.pk).values().get())


def test_a_log_in_to_an_unknown_account_is_recorded_too(proxied):
    proxied.post(reverse("accounts:login"), {"username": "nobody-here", "password": "x"})
    assert only_entry(Action.LOGIN_FAILED).object_repr == "nobody-here"
