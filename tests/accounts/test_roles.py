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


def test_a_role_asked_many_times_in_a_request_costs_one_query_per_role(django_assert_num_queries):
    from django.contrib.auth import get_user_model

    from accounts.roles import user_holds_role

    agent = UserFactory(is_staff=True)
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    # As the request's user after the second factor: nothing remembered.
    staff = as_verified(get_user_model().objects.get(pk=agent.pk))
    with django_assert_num_queries(2):
        for _page_part in range(5):
            assert user_holds_role(staff, TAWASUL_AGENTS)
            assert not user_holds_role(staff, SUBSCRIPTION_OFFICERS)


def test_a_remembered_role_is_not_shared_with_the_next_request_or_an_anonymous_visitor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from accounts.roles import user_holds_role

    agent = UserFactory(is_staff=True)
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    assert user_holds_role(as_verified(get_user_model().objects.get(pk=agent.pk)), TAWASUL_AGENTS)
    agent.groups.clear()
    # The next request loads its user afresh: the removal shows at once.
    again = as_verified(get_user_model().objects.get(pk=agent.pk))
    assert not user_holds_role(again, TAWASUL_AGENTS)
    assert not user_holds_role(AnonymousUser(), TAWASUL_AGENTS)
    assert not hasattr(AnonymousUser(), "_roles_held")


def test_the_holders_of_a_role_are_exactly_those_user_has_role_accepts():
    from accounts.roles import users_holding_role

    agents = Group.objects.get(name=TAWASUL_AGENTS)
    agent = UserFactory(is_staff=True, full_name="ب وكيل")
    agent.groups.add(agents)
    root = UserFactory(is_staff=True, is_superuser=True, full_name="أ مدير")
    not_staff = UserFactory(is_staff=False)
    not_staff.groups.add(agents)
    gone = UserFactory(is_staff=True, is_active=False)
    gone.groups.add(agents)
    UserFactory(is_staff=True).groups.add(Group.objects.get(name=SUBSCRIPTION_OFFICERS))

    holders = list(users_holding_role(TAWASUL_AGENTS))
    assert holders == [root, agent]
    assert all(user_has_role(as_verified(user), TAWASUL_AGENTS) for user in holders)
