"""The e-services' business rules: who may do what, for which resident, at what fee.

Each service checks its rules in the order a Muqeem officer would (permission, where the
resident is, documents, fines, what was already issued, money) and fails with `ServiceRefused`,
whose `code` is one of `ErrorCode` and whose `message` is the translated sentence shown to the
user. The view records that message as a Tawasul incident (`service_refusal_record`) and puts the
"تواصل" link beside it.
"""

import calendar
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from eservices.models import (
    EstablishmentAccount,
    IqamaRenewal,
    Resident,
    Service,
    ServicePermission,
    Visa,
)
from tawasul.models import Incident
from tawasul.services import incident_record


class ErrorCode(models.TextChoices):
    PASSPORT_EXPIRED = "passport_expired", _("Passport expired")
    IQAMA_EXPIRED = "iqama_expired", _("Iqama expired")
    TRAFFIC_VIOLATIONS = "traffic_violations", _("Traffic violations outstanding")
    BALANCE_TOO_LOW = "balance_too_low", _("Establishment balance too low")
    VISA_ALREADY_ISSUED = "visa_already_issued", _("Visa already issued")
    NO_PERMISSION = "no_permission", _("No permission for this service")
    OUTSIDE_KINGDOM = "outside_kingdom", _("Resident outside the Kingdom")


# The sentences users read. Placeholders are filled in by `ServiceRefused.message`.
ERROR_MESSAGES = {
    ErrorCode.PASSPORT_EXPIRED: _(
        "The resident's passport expired on %(date)s. Update the passport information before "
        "requesting this service."
    ),
    ErrorCode.IQAMA_EXPIRED: _(
        "The resident's iqama expired on %(date)s. Renew the iqama before requesting this service."
    ),
    ErrorCode.TRAFFIC_VIOLATIONS: _(
        "The resident has outstanding traffic violations of %(amount)s SAR. They must be paid "
        "before this service can be given."
    ),
    ErrorCode.BALANCE_TOO_LOW: _(
        "The establishment's balance (%(balance)s SAR) does not cover the service fee "
        "(%(fee)s SAR). Top up the balance and try again."
    ),
    ErrorCode.VISA_ALREADY_ISSUED: _(
        "An exit and re-entry visa valid until %(date)s is already issued for this resident."
    ),
    ErrorCode.NO_PERMISSION: _(
        "Your user does not have the permission for the service “%(service)s”. Ask your "
        "establishment's primary user to grant it."
    ),
    ErrorCode.OUTSIDE_KINGDOM: _(
        "The resident is outside the Kingdom, so this service cannot be requested now."
    ),
}


class ServiceRefused(Exception):
    """An e-service was refused for a reason the user can act on (or ask Tawasul about)."""

    def __init__(self, code: ErrorCode, **params: object) -> None:
        self.code = ErrorCode(code)
        self.params = params
        super().__init__(self.code.value)

    @property
    def message(self) -> str:
        """The sentence in the active language (evaluated when read, not when raised)."""
        params = {key: str(value) for key, value in self.params.items()}
        return str(ERROR_MESSAGES[self.code]) % params


# Fees (SAR). Exit and re-entry: a base price for the first months, then a price per extra month.
VISA_FEES = {
    Visa.Kind.SINGLE: {"base": Decimal("200"), "included_months": 2, "per_month": Decimal("100")},
    Visa.Kind.MULTIPLE: {"base": Decimal("500"), "included_months": 3, "per_month": Decimal("200")},
}
VISA_DURATIONS_MONTHS = (2, 3, 4, 5, 6)
IQAMA_FEE_PER_YEAR = Decimal("650")
DEPENDANT_LEVY_PER_MONTH = Decimal("400")
RENEWAL_YEARS = (1, 2)


def visa_fee(*, kind: str, duration_months: int) -> Decimal:
    tariff = VISA_FEES[Visa.Kind(kind)]
    extra_months = max(0, duration_months - tariff["included_months"])
    return tariff["base"] + tariff["per_month"] * extra_months


def iqama_renewal_fee(*, resident: Resident, years: int) -> Decimal:
    per_year = IQAMA_FEE_PER_YEAR + DEPENDANT_LEVY_PER_MONTH * 12 * resident.dependants_count
    return per_year * years


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day if shorter (31 Jan + 1 → 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _format_date(value: date) -> str:
    return value.isoformat()


def _format_money(value: Decimal) -> str:
    return f"{value:,.2f}"


def user_may_use_service(*, user: User, service: str) -> bool:
    """Primary users may use every service; sub-users only those granted to them."""
    if user.establishment_id is None:
        return False
    if user.is_establishment_primary:
        return True
    return ServicePermission.objects.filter(user=user, service=service).exists()


def service_permission_check(*, user: User, service: str) -> None:
    if not user_may_use_service(user=user, service=service):
        raise ServiceRefused(ErrorCode.NO_PERMISSION, service=Service(service).label)


def _check_resident_documents(*, resident: Resident, today: date, need_valid_iqama: bool) -> None:
    if resident.passport_expiry < today:
        raise ServiceRefused(
            ErrorCode.PASSPORT_EXPIRED, date=_format_date(resident.passport_expiry)
        )
    if need_valid_iqama and resident.iqama_expiry < today:
        raise ServiceRefused(ErrorCode.IQAMA_EXPIRED, date=_format_date(resident.iqama_expiry))
    if resident.traffic_violations_amount > 0:
        raise ServiceRefused(
            ErrorCode.TRAFFIC_VIOLATIONS, amount=_format_money(resident.traffic_violations_amount)
        )


def _lock_account_and_resident(
    *, user: User, resident: Resident
) -> tuple[EstablishmentAccount, Resident]:
    """Lock the balance, then the resident, always in this order: concurrent requests queue up."""
    account, _created = EstablishmentAccount.objects.select_for_update().get_or_create(
        establishment_id=resident.establishment_id
    )
    resident = Resident.objects.select_for_update().get(
        pk=resident.pk, establishment_id=user.establishment_id
    )
    return account, resident


def _charge(*, account: EstablishmentAccount, fee: Decimal) -> None:
    if account.balance < fee:
        raise ServiceRefused(
            ErrorCode.BALANCE_TOO_LOW,
            balance=_format_money(account.balance),
            fee=_format_money(fee),
        )
    account.balance -= fee
    account.full_clean()
    account.save(update_fields=["balance", "updated_at"])


@transaction.atomic
def visa_exit_reentry_issue(
    *,
    user: User,
    resident: Resident,
    kind: str,
    duration_months: int,
    today: date | None = None,
) -> Visa:
    """Issue an exit and re-entry visa and take its fee from the establishment's balance."""
    today = today or timezone.localdate()
    service_permission_check(user=user, service=Service.EXIT_REENTRY_VISA)
    account, resident = _lock_account_and_resident(user=user, resident=resident)
    if resident.is_outside_kingdom:
        raise ServiceRefused(ErrorCode.OUTSIDE_KINGDOM)
    _check_resident_documents(resident=resident, today=today, need_valid_iqama=True)
    active = (
        resident.visas.filter(status=Visa.Status.ISSUED, valid_until__gte=today)
        .order_by("-valid_until")
        .first()
    )
    if active is not None:
        raise ServiceRefused(ErrorCode.VISA_ALREADY_ISSUED, date=_format_date(active.valid_until))
    fee = visa_fee(kind=kind, duration_months=duration_months)
    _charge(account=account, fee=fee)
    visa = Visa(
        resident=resident,
        kind=kind,
        status=Visa.Status.ISSUED,
        duration_months=duration_months,
        valid_until=add_months(today, duration_months),
        fee=fee,
        issued_by=user,
    )
    visa.full_clean()
    visa.save()
    return visa


@transaction.atomic
def iqama_renew(
    *, user: User, resident: Resident, years: int, today: date | None = None
) -> IqamaRenewal:
    """Renew an iqama for whole years (from its expiry, or from today if it has lapsed)."""
    today = today or timezone.localdate()
    service_permission_check(user=user, service=Service.IQAMA_RENEWAL)
    account, resident = _lock_account_and_resident(user=user, resident=resident)
    # An expired iqama is exactly what renewal is for; the passport and the fines still matter.
    _check_resident_documents(resident=resident, today=today, need_valid_iqama=False)
    fee = iqama_renewal_fee(resident=resident, years=years)
    _charge(account=account, fee=fee)
    previous_expiry = resident.iqama_expiry
    resident.iqama_expiry = add_months(max(previous_expiry, today), 12 * years)
    resident.full_clean()
    resident.save(update_fields=["iqama_expiry", "updated_at"])
    renewal = IqamaRenewal(
        resident=resident,
        years=years,
        previous_expiry=previous_expiry,
        new_expiry=resident.iqama_expiry,
        fee=fee,
        renewed_by=user,
    )
    renewal.full_clean()
    renewal.save()
    return renewal


def service_refusal_record(
    *,
    refusal: ServiceRefused,
    user: User,
    service: str,
    resident: Resident | None = None,
    path: str = "",
) -> Incident:
    """Record the refusal the user is about to read, so the Tawasul link beside it can quote it."""
    return incident_record(
        code=refusal.code.value,
        message=refusal.message,
        user=user,
        service=service,
        path=path,
        resident_iqama=resident.iqama_number if resident else "",
        resident_name=resident.full_name if resident else "",
    )
