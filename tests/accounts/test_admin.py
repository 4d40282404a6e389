"""Staff use the Django admin, in Arabic, to look after users and establishments."""

import pytest
from django.urls import reverse

from accounts.models import Establishment, User
from tests.factories import (
    DEMO_PASSWORD,
    UserFactory,
    establishment_with_primary_user,
    verified_login,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    verified_login(client, UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_admin_index_is_arabic(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "إدارة مقيم تواصل" in page
    assert "المنشآت" in page


def test_user_pages_open_for_staff(admin_client, queries_of):
    establishment = establishment_with_primary_user()
    changelist = reverse("admin:accounts_user_changelist")
    admin_client.get(changelist)
    few = queries_of(lambda: admin_client.get(changelist))
    for _n in range(5):
        UserFactory(establishment=establishment_with_primary_user())
    # Session, the staff member's own row (privileges come from the database, never the cache:
    # speed/snapshots.py), second-factor device, groups for the filter, two counts, one page of
    # users: whatever their number.
    assert queries_of(lambda: admin_client.get(changelist)) == few <= 7
    response = admin_client.get(changelist)
    assert response.status_code == 200
    user = establishment.primary_user
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert "الاسم الكامل" in page
    assert "first_name" not in page
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200
    assert (
        admin_client.get(
            reverse("admin:accounts_user_changelist"), {"q": user.national_id}
        ).status_code
        == 200
    )


def test_establishment_pages_list_its_users(admin_client, queries_of):
    establishment = establishment_with_primary_user()
    sub_user = UserFactory(establishment=establishment)
    changelist = reverse("admin:accounts_establishment_changelist")
    assert admin_client.get(changelist).status_code == 200
    few = queries_of(lambda: admin_client.get(changelist))
    for _n in range(5):
        establishment_with_primary_user()
    # Session, the staff member's own row, second-factor device, two counts, one page of
    # establishments with their primary users.
    assert queries_of(lambda: admin_client.get(changelist)) == few <= 6
    page = admin_client.get(
        reverse("admin:accounts_establishment_change", args=[establishment.pk])
    ).content.decode()
    assert sub_user.username in page
    assert "مستخدمو هذه المنشأة" in page


def test_staff_adds_a_user_with_arabic_indic_identifiers(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_sub",
            "full_name": "فهد الشهري",
            "national_id": "١٠٠٠٠٠٠٠٠٨",
            "mobile": "0501234567",
            "email": "fahad@example.com",
            "establishment": "",
            "usable_password": "true",
            "password1": DEMO_PASSWORD,
            "password2": DEMO_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="new_sub")
    assert (user.national_id, user.mobile) == ("1000000008", "+966501234567")
    assert user.check_password(DEMO_PASSWORD)


def test_user_without_national_id_is_stored_as_null_so_two_can_exist(admin_client):
    for name in ("one", "two"):
        admin_client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": name,
                "full_name": name,
                "national_id": "",
                "mobile": "",
                "email": "",
                "usable_password": "false",
            },
        )
    assert list(
        User.objects.filter(username__in=["one", "two"]).values_list("national_id", flat=True)
    ) == [None, None]


def test_bad_national_id_in_admin_gets_the_arabic_error(admin_client, user):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "national_id": "1000000000",
        "mobile": "",
        "email": "",
        "preferred_language": "ar",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    response = admin_client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
    assert response.status_code == 200
    assert (
        "أدخل رقم هوية وطنية أو إقامة صحيحًا: 10 أرقام تبدأ بالرقم 1 أو 2."
        in response.content.decode()
    )


def test_primary_user_must_belong_to_the_establishment(admin_client):
    establishment = establishment_with_primary_user()
    outsider = UserFactory()
    response = admin_client.post(
        reverse("admin:accounts_establishment_change", args=[establishment.pk]),
        {
            "name": establishment.name,
            "unified_number": establishment.unified_number,
            "city": establishment.city,
            "primary_user": outsider.pk,
            "users-TOTAL_FORMS": "0",
            "users-INITIAL_FORMS": "0",
            "users-MIN_NUM_FORMS": "0",
            "users-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "يجب أن يكون المستخدم الرئيسي أحد مستخدمي هذه المنشأة." in response.content.decode()
    establishment.refresh_from_db()
    assert establishment.primary_user_id != outsider.pk
    assert Establishment.objects.count() == 1


def test_portal_users_cannot_open_the_admin(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_tawasul_agent_reads_users_in_the_admin_but_cannot_change_them(client, user):
    from django.contrib.auth.models import Group

    from accounts.roles import TAWASUL_AGENTS

    agent = UserFactory(is_staff=True)
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    verified_login(client, agent)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert user.full_name in page
    assert 'name="full_name"' not in page  # read-only: no input to edit
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
