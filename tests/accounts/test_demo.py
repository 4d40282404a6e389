"""`make run` loads the demo log-ins: they work, they are valid, loading twice changes nothing."""

import pytest
from django.urls import reverse

from accounts import demo
from accounts.models import Establishment, User
from accounts.roles import SUBSCRIPTION_OFFICERS, TAWASUL_AGENTS, user_has_role
from tests.factories import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_demo_password_is_the_one_tests_use():
    assert demo.DEMO_PASSWORD == DEMO_PASSWORD


def test_demo_data_is_valid_and_loading_twice_changes_nothing():
    lines = demo.load_demo()
    assert lines[0] == "demo / Muqeem-pass-2026 — establishment primary user"
    assert len(lines) == 5
    snapshot = list(User.objects.order_by("pk").values())
    assert demo.load_demo() == lines
    assert list(User.objects.order_by("pk").values()) == snapshot
    assert Establishment.objects.count() == 1

    establishment = Establishment.objects.get(unified_number="7001234567")
    establishment.full_clean()
    assert establishment.name == "مؤسسة النخبة للمقاولات"
    assert establishment.city == "riyadh"
    assert establishment.primary_user.username == "demo"
    for user in User.objects.all():
        user.full_clean()
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="demo").email == "demo@example.com"
    assert User.objects.get(username="demo_sub").establishment == establishment
    assert User.objects.get(username="resident").establishment is None
    staff = User.objects.get(username="staff")
    assert user_has_role(staff, TAWASUL_AGENTS)
    assert user_has_role(staff, SUBSCRIPTION_OFFICERS)
    assert not staff.is_superuser
    assert User.objects.get(username="admin").is_superuser


def test_demo_user_logs_in_through_the_form(client):
    demo.load_demo()
    response = client.post(
        reverse("accounts:login"), {"username": "demo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "مؤسسة النخبة للمقاولات" in page
    assert "مستخدم رئيسي (يدير المنشأة)" in page
