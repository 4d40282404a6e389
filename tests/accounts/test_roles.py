"""Staff roles: permission groups created by a migration, checked with user_has_role."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import SUBSCRIPTION_OFFICERS, TAWASUL_AGENTS, user_has_role
from tests.factories import UserFactory, as_verified

pytestmark = pytest.mark.django_db


def test_migrations_create_both_staff_groups_able_to_read_accounts():
    for name in (TAWASUL_AGENTS, SUBSCRIPTION_OFFICERS):
        group = Group.objects.get(name=name)
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"view_user", "view_establishment"} <= codenames
        assert "change_user" not in codenames
        assert "delete_user" not in codenames


def test_group_names_are_the_agreed_constants():
    assert (TAWASUL_AGENTS, SUBSCRIPTION_OFFICERS) == ("tawasul_agents", "subscription_officers")


def test_a_staff_member_in_the_group_holds_the_role():
    agent = as_verified(UserFactory(is_staff=True))
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    assert user_has_role(agent, TAWASUL_AGENTS)
    assert not user_has_role(agent, SUBSCRIPTION_OFFICERS)
    assert agent.has_perm("accounts.view_user")
    assert not agent.has_perm("accounts.change_user")


def test_a_staff_member_without_the_second_factor_holds_no_role():
    agent = UserFactory(is_staff=True, is_superuser=True)
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    assert not user_has_role(agent, TAWASUL_AGENTS)
    agent.is_verified = lambda: False  # a session that gave the password only
    assert not user_has_role(agent, TAWASUL_AGENTS)
    assert user_has_role(as_verified(agent), TAWASUL_AGENTS)


def test_group_membership_without_staff_status_is_not_enough():
    portal_user = as_verified(UserFactory(is_staff=False))
    portal_user.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    assert not user_has_role(portal_user, TAWASUL_AGENTS)


def test_superuser_holds_every_role():
    root = as_verified(UserFactory(is_staff=True, is_superuser=True))
    assert user_has_role(root, TAWASUL_AGENTS)
    assert user_has_role(root, SUBSCRIPTION_OFFICERS)
