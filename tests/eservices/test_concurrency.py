"""Fees are taken once, under concurrent requests, on PostgreSQL (the real-service layer)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from eservices import services
from eservices.models import EstablishmentAccount, Visa
from eservices.services import ErrorCode, ServiceRefused
from tests.eservices.factories import EstablishmentAccountFactory, ResidentFactory
from tests.factories import establishment_with_primary_user

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


def issue_at_once(user, residents) -> list[object]:
    """Each resident's visa requested in its own thread and connection, all released together."""
    barrier = threading.Barrier(len(residents))
    outcomes: list[object] = [None] * len(residents)

    def request(index, resident):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = services.visa_exit_reentry_issue(
                user=user, resident=resident, kind=Visa.Kind.SINGLE, duration_months=2
            )
        except ServiceRefused as refusal:
            outcomes[index] = refusal.code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=request, args=(index, resident))
        for index, resident in enumerate(residents)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_a_balance_for_one_fee_pays_for_exactly_one_of_concurrent_visas():
    establishment = establishment_with_primary_user()
    EstablishmentAccountFactory(establishment=establishment, balance=Decimal("200.00"))
    residents = ResidentFactory.create_batch(4, establishment=establishment)

    outcomes = issue_at_once(establishment.primary_user, residents)

    assert sum(isinstance(outcome, Visa) for outcome in outcomes) == 1
    assert outcomes.count(ErrorCode.BALANCE_TOO_LOW) == 3
    assert EstablishmentAccount.objects.get().balance == Decimal("0.00")


def test_concurrent_requests_for_one_resident_issue_one_visa():
    establishment = establishment_with_primary_user()
    EstablishmentAccountFactory(establishment=establishment, balance=Decimal("10000.00"))
    resident = ResidentFactory(establishment=establishment)

    outcomes = issue_at_once(establishment.primary_user, [resident] * 3)

    assert Visa.objects.filter(resident=resident).count() == 1
    assert outcomes.count(ErrorCode.VISA_ALREADY_ISSUED) == 2
    assert EstablishmentAccount.objects.get().balance == Decimal("9800.00")
