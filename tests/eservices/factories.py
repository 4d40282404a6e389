"""Residents, balances and visas for the e-services tests.

The defaults describe a resident every service accepts: valid passport and iqama, in the Kingdom,
no fines, no dependants.
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from eservices.models import EstablishmentAccount, Nationality, Resident, ServicePermission, Visa
from tests.factories import EstablishmentFactory, national_id_with_checksum


def _in_days(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=days))


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    establishment = factory.SubFactory(EstablishmentFactory)
    iqama_number = factory.Sequence(lambda n: national_id_with_checksum(f"29{n:07d}"))
    full_name = factory.Sequence(lambda n: f"راجيش كومار {n}")
    nationality = Nationality.INDIAN
    passport_number = factory.Sequence(lambda n: f"P{n:07d}")
    passport_expiry = _in_days(800)
    iqama_expiry = _in_days(200)
    is_outside_kingdom = False
    traffic_violations_amount = Decimal("0.00")
    dependants_count = 0


class EstablishmentAccountFactory(DjangoModelFactory):
    class Meta:
        model = EstablishmentAccount
        django_get_or_create = ("establishment",)

    establishment = factory.SubFactory(EstablishmentFactory)
    balance = Decimal("10000.00")


class VisaFactory(DjangoModelFactory):
    class Meta:
        model = Visa

    resident = factory.SubFactory(ResidentFactory)
    kind = Visa.Kind.SINGLE
    status = Visa.Status.ISSUED
    duration_months = 2
    valid_until = _in_days(60)
    fee = Decimal("200.00")


class ServicePermissionFactory(DjangoModelFactory):
    class Meta:
        model = ServicePermission
