"""Officers' decisions on subscription requests, and their reading of one, are in the audit log."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from subscriptions import services
from tests.audit.helpers import CLIENT, admin_login, behind_one_proxy, entries, only_entry
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory
from tests.subscriptions.test_admin import act

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


@pytest.fixture
def officer_client(client, officer, settings):
    return admin_login(behind_one_proxy(client, settings), officer)


def test_opening_a_request_in_the_admin_is_recorded(officer_client, officer):
    request = IndividualRequestFactory()
    officer_client.get(reverse("admin:subscriptions_subscriptionrequest_change", args=[request.pk]))
    entry = only_entry(Action.SUBSCRIPTION_VIEWED)
    assert (entry.actor, entry.address, entry.object_repr) == (officer, CLIENT, request.number)
    assert entry.object_type == "subscriptions.subscriptionrequest"


def test_approving_records_the_decision_and_the_account_it_made(officer_client, officer):
    request = IndividualRequestFactory()
    act(officer_client, "approve_selected", [request])

    entry = only_entry(Action.APPROVED)
    assert (entry.actor, entry.address, entry.object_repr) == (officer, CLIENT, request.number)
    assert entry.changes == {
        "status": ["pending", "approved"],
        "user": [None, request.national_id],  # the new account's user name
    }
    # The inactive account it created grants nothing: no privilege entry.
    assert entries(Action.USER_STATUS_CHANGED, object_repr=request.national_id) == []


def test_approving_an_establishment_names_the_requester(officer_client):
    request = EstablishmentRequestFactory()
    act(officer_client, "approve_selected", [request])
    entry = only_entry(Action.APPROVED)
    assert entry.changes["user"] == [None, request.requester.username]


def test_rejecting_records_the_reason(officer_client, officer):
    first, second = IndividualRequestFactory.create_batch(2)
    act(officer_client, "reject_selected", [first, second], apply="1", reason="بيانات ناقصة")

    recorded = entries(Action.REJECTED)
    assert sorted(entry.object_repr for entry in recorded) == sorted([first.number, second.number])
    for entry in recorded:
        assert (entry.actor, entry.address) == (officer, CLIENT)
        assert entry.changes == {
            "status": ["pending", "rejected"],
            "rejection_reason": ["", "بيانات ناقصة"],
        }


def test_asking_for_the_reason_is_not_yet_a_rejection(officer_client):
    request = IndividualRequestFactory()
    act(officer_client, "reject_selected", [request])  # the page asking for the reason
    assert entries(Action.REJECTED) == []


def test_a_request_already_decided_is_not_recorded_again(officer):
    request = IndividualRequestFactory()
    services.subscription_request_approve(subscription_request=request, decided_by=officer)
    with pytest.raises(Exception):  # noqa: B017 (the refusal itself is tested in test_services)
        services.subscription_request_reject(
            subscription_request=request, decided_by=officer, reason="متأخر"
        )
    assert len(entries(Action.APPROVED)) == 1
    assert entries(Action.REJECTED) == []
