"""Reads for the e-services pages. Every resident read is scoped to the user's own establishment."""

from decimal import Decimal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import identifiers
from accounts.models import Establishment
from eservices.models import EstablishmentAccount, IqamaRenewal, Resident, Visa

HISTORY_LIMIT = 10


def establishment_balance(*, establishment: Establishment) -> Decimal:
    balance = (
        EstablishmentAccount.objects.filter(establishment=establishment)
        .values_list("balance", flat=True)
        .first()
    )
    return balance if balance is not None else Decimal("0.00")


def normalize_search(value: str) -> str:
    """What the user typed; a number gets ASCII digits (٢٠١ → 201) and loses its separators."""
    value = (value or "").strip()
    digits = identifiers.normalize_national_id(value)
    return digits if digits.isdigit() else value


def resident_list(*, establishment: Establishment, search: str = "") -> QuerySet[Resident]:
    """The establishment's residents; a number searches iqama numbers by prefix, text names."""
    residents = Resident.objects.filter(establishment=establishment)
    search = normalize_search(search)
    if search.isdigit():
        residents = residents.filter(iqama_number__startswith=search)
    elif search:
        residents = residents.filter(full_name__icontains=search)
    return residents.order_by("full_name", "pk")


def resident_get(*, establishment: Establishment, pk: int) -> Resident:
    """The resident, only if it belongs to this establishment: anything else is a 404."""
    return get_object_or_404(Resident, pk=pk, establishment=establishment)


def resident_visas(*, resident: Resident) -> list[Visa]:
    return list(resident.visas.select_related("issued_by")[:HISTORY_LIMIT])


def resident_renewals(*, resident: Resident) -> list[IqamaRenewal]:
    return list(resident.renewals.select_related("renewed_by")[:HISTORY_LIMIT])
