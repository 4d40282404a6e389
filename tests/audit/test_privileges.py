"""Who may do what changes only with an entry: groups, permissions, and the active / staff /
superuser flags, from the admin (with the actor and address) or from code."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import SUBSCRIPTION_OFFICERS, TAWASUL_AGENTS
from audit.models import AuditEntry
from tests.audit.helpers import CLIENT, admin_login, behind_one_proxy, entries, only_entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


@pytest.fixture
def root_client(client, superuser, settings):
    return admin_login(behind_one_proxy(client, settings), superuser)


def permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def user_form(user, **changes) -> dict:
    """What the admin's user page submits when nothing is touched, with `changes` applied."""
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "national_id": user.national_id or "",
        "mobile": user.mobile,
        "email": user.email,
        "preferred_language": user.preferred_language,
        "establishment": user.establishment_id or "",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "_save": "1",
    }
    data.update(changes)
    # Unticked checkboxes are not sent at all.
    return {
        key: ("on" if value is True else value) for key, value in data.items() if value is not False
    }


def save_user(client, user, **changes):
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]), user_form(user, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_adding_a_user_to_a_group_in_the_admin_is_one_entry(root_client, superuser):
    clerk = UserFactory(username="clerk", is_staff=True)
    agents = Group.objects.get(name=TAWASUL_AGENTS)
    save_user(root_client, clerk, groups=[agents.pk])

    entry = only_entry(Action.USER_GROUPS_CHANGED)
    assert (entry.actor, entry.address, entry.object_repr) == (superuser, CLIENT, "clerk")
    assert entry.changes == {"groups": [[], [TAWASUL_AGENTS]]}


def test_moving_a_user_to_another_group_in_one_save_is_one_entry_with_both_lists(root_client):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    AuditEntry.objects.all().delete()
    officers = Group.objects.get(name=SUBSCRIPTION_OFFICERS)

    save_user(root_client, clerk, groups=[officers.pk])

    entry = only_entry(Action.USER_GROUPS_CHANGED)
    assert entry.changes == {"groups": [[TAWASUL_AGENTS], [SUBSCRIPTION_OFFICERS]]}


def test_making_someone_staff_and_superuser_is_one_entry_with_both_flags(root_client, superuser):
    resident = UserFactory(username="resident1")
    save_user(root_client, resident, is_staff=True, is_superuser=True)

    entry = only_entry(Action.USER_STATUS_CHANGED, object_repr="resident1")
    assert entry.changes == {"is_staff": [False, True], "is_superuser": [False, True]}
    assert (entry.actor, entry.address) == (superuser, CLIENT)


def test_deactivating_an_account_is_recorded(root_client):
    resident = UserFactory(username="resident1")
    save_user(root_client, resident, is_active=False)
    entry = only_entry(Action.USER_STATUS_CHANGED, object_repr="resident1")
    assert entry.changes == {"is_active": [True, False]}


def test_saving_a_user_without_touching_their_rights_records_nothing(root_client):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    AuditEntry.objects.all().delete()
    save_user(root_client, clerk, full_name="اسم جديد")
    privileged = [
        Action.USER_STATUS_CHANGED,
        Action.USER_GROUPS_CHANGED,
        Action.USER_PERMISSIONS_CHANGED,
    ]
    assert not AuditEntry.objects.filter(action__in=privileged).exists()


def test_giving_a_user_a_permission_is_recorded(root_client, superuser):
    clerk = UserFactory(username="clerk", is_staff=True)
    save_user(root_client, clerk, user_permissions=[permission("tawasul.view_incident").pk])
    entry = only_entry(Action.USER_PERMISSIONS_CHANGED)
    assert entry.changes == {"user_permissions": [[], ["tawasul.view_incident"]]}
    assert (entry.actor, entry.address, entry.object_repr) == (superuser, CLIENT, "clerk")


def test_changing_a_groups_permissions_in_the_admin_is_recorded(root_client, superuser):
    officers = Group.objects.get(name=SUBSCRIPTION_OFFICERS)
    before = sorted(f"{p.content_type.app_label}.{p.codename}" for p in officers.permissions.all())
    added = permission("tawasul.view_incident")
    response = root_client.post(
        reverse("admin:auth_group_change", args=[officers.pk]),
        {
            "name": officers.name,
            "permissions": [*officers.permissions.values_list("pk", flat=True), added.pk],
        },
    )
    assert response.status_code == 302

    entry = only_entry(Action.GROUP_PERMISSIONS_CHANGED)
    assert entry.changes == {"permissions": [before, sorted([*before, "tawasul.view_incident"])]}
    assert (entry.actor, entry.address, entry.object_repr) == (
        superuser,
        CLIENT,
        SUBSCRIPTION_OFFICERS,
    )


def test_changes_made_from_code_are_recorded_from_either_side(db):
    """The shell or a command: no actor, no address, but the change is there."""
    first, second = UserFactory(username="first"), UserFactory(username="second")
    agents = Group.objects.get(name=TAWASUL_AGENTS)

    agents.user_set.add(first, second)  # from the group's side
    first.groups.clear()  # from the user's side

    recorded = [(e.object_repr, e.changes["groups"]) for e in entries(Action.USER_GROUPS_CHANGED)]
    assert sorted(recorded) == [
        ("first", [[], [TAWASUL_AGENTS]]),
        ("first", [[TAWASUL_AGENTS], []]),
        ("second", [[], [TAWASUL_AGENTS]]),
    ]
    assert {(e.actor, e.address) for e in entries(Action.USER_GROUPS_CHANGED)} == {(None, "")}


def test_an_account_born_a_superuser_is_recorded(db):
    UserFactory(username="root2", is_staff=True, is_superuser=True)
    entry = only_entry(Action.USER_STATUS_CHANGED, object_repr="root2")
    assert entry.changes == {"is_staff": [None, True], "is_superuser": [None, True]}
    UserFactory(username="plain")
    assert entries(Action.USER_STATUS_CHANGED, object_repr="plain") == []
