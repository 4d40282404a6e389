"""audit_record(): what an entry holds, wherever it is written from."""

import pytest
from django.test import RequestFactory

from audit.context import request_context
from audit.models import AuditEntry
from audit.services import audit_record
from tests.audit.helpers import CLIENT, FORGED, PROXY, behind_one_proxy, only_entry
from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


def test_inside_a_request_the_actor_and_address_come_from_it(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    user = UserFactory(username="agent1")
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}"
    )
    request.user = user
    with request_context(request):
        entry = audit_record(action=Action.REQUEST_VIEWED, target=user)
    assert (entry.actor, entry.actor_repr, entry.address) == (user, "agent1", CLIENT)


def test_outside_a_request_there_is_no_actor_or_address_unless_given():
    entry = audit_record(action=Action.LOGIN_FAILED, target_repr="someone")
    assert (entry.actor, entry.actor_repr, entry.address) == (None, "", "")


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings):
    """A client that writes X-Forwarded-For itself cannot choose the address in the log."""
    settings.TRUSTED_PROXY_HOPS = 0
    UserFactory(username="resident1")
    client.post(
        "/accounts/login/",
        {"username": "resident1", "password": DEMO_PASSWORD},
        REMOTE_ADDR=CLIENT,
        HTTP_X_FORWARDED_FOR=FORGED,
    )
    assert only_entry(Action.LOGIN).address == CLIENT


def test_behind_one_proxy_the_address_the_client_forged_is_not_taken(client, settings):
    behind_one_proxy(client, settings)
    UserFactory(username="resident1")
    client.post("/accounts/login/", {"username": "resident1", "password": DEMO_PASSWORD})
    assert only_entry(Action.LOGIN).address == CLIENT  # not FORGED, not PROXY


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record(action="coffee_made")
    assert not AuditEntry.objects.exists()


def test_users_in_changes_are_kept_by_user_name_so_the_entry_outlives_them():
    agent = UserFactory(username="agent1")
    entry = audit_record(action=Action.ASSIGNED, actor=agent, changes={"assignee": (None, agent)})
    agent.delete()
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor_repr, stored.changes) == ("agent1", {"assignee": [None, "agent1"]})
    # The account is gone; the name stays, and the admin's join finds nobody.
    assert AuditEntry.objects.select_related("actor").get(pk=entry.pk).actor is None
