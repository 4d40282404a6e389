"""Demo residents for `make run`: some whose services succeed, one failing with each error code.

Called by `manage.py seed_demo` after accounts/demo.py. Idempotent: the residents are keyed by iqama
number and put back in their demo state; the balance is set only when the account is first created.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.cities import City
from accounts.identifiers import national_id_with_check_digit as iqama_with_checksum
from accounts.models import Establishment, User
from eservices.models import (
    EstablishmentAccount,
    Nationality,
    Resident,
    Service,
    ServicePermission,
    Visa,
)
from eservices.services import ErrorCode, add_months, visa_fee

DEMO_UNIFIED_NUMBER = "7001234567"
DEMO_BALANCE = Decimal("10000.00")
FILLER_RESIDENTS = 16  # enough for a second page of the residents list


@dataclass
class DemoResident:
    prefix: str
    full_name: str
    nationality: str
    outcome: str
    overrides: dict = field(default_factory=dict)
    active_visa: bool = False


def _scenarios(today: date) -> list[DemoResident]:
    expired = today - timedelta(days=20)
    return [
        DemoResident(
            "200000101", "محمد رفيق (تنجح خدماته)", Nationality.INDIAN, "every service succeeds"
        ),
        DemoResident(
            "200000102", "سانجاي شارما (تنجح خدماته)", Nationality.INDIAN, "every service succeeds"
        ),
        DemoResident(
            "200000103",
            "أحمد عبدالرحمن (تنجح خدماته)",
            Nationality.EGYPTIAN,
            "every service succeeds",
        ),
        DemoResident(
            "200000104",
            "راجو كومار (جواز منتهٍ)",
            Nationality.NEPALI,
            f"visa and renewal refused: {ErrorCode.PASSPORT_EXPIRED}",
            {"passport_expiry": expired},
        ),
        DemoResident(
            "200000105",
            "عمران خان (إقامة منتهية)",
            Nationality.PAKISTANI,
            f"visa refused: {ErrorCode.IQAMA_EXPIRED} (renewal succeeds)",
            {"iqama_expiry": expired},
        ),
        DemoResident(
            "200000106",
            "جون سانتوس (مخالفات مرورية)",
            Nationality.FILIPINO,
            f"visa and renewal refused: {ErrorCode.TRAFFIC_VIOLATIONS}",
            {"traffic_violations_amount": Decimal("1500.00")},
        ),
        DemoResident(
            "200000107",
            "سليم الدين (تأشيرة صادرة)",
            Nationality.BANGLADESHI,
            f"visa refused: {ErrorCode.VISA_ALREADY_ISSUED}",
            active_visa=True,
        ),
        DemoResident(
            "200000108",
            "بشير أحمد (خارج المملكة)",
            Nationality.SUDANESE,
            f"visa refused: {ErrorCode.OUTSIDE_KINGDOM}",
            {"is_outside_kingdom": True},
        ),
        DemoResident(
            "200000109",
            "محمود علي (رصيد غير كافٍ للتجديد)",
            Nationality.YEMENI,
            f"renewal refused: {ErrorCode.BALANCE_TOO_LOW} (5 dependants; visa succeeds)",
            {"dependants_count": 5},
        ),
    ]


def _establishment() -> Establishment:
    establishment, _created = Establishment.objects.get_or_create(
        unified_number=DEMO_UNIFIED_NUMBER,
        defaults={"name": "مؤسسة النخبة للمقاولات", "city": City.RIYADH},
    )
    return establishment


def _resident_ensure(
    establishment: Establishment, scenario: DemoResident, today: date, index: int
) -> Resident:
    defaults = {
        "establishment": establishment,
        "full_name": scenario.full_name,
        "nationality": scenario.nationality,
        "occupation": "عامل بناء" if index % 2 else "فني كهرباء",
        "passport_number": f"P{scenario.prefix[-6:]}",
        "passport_expiry": add_months(today, 30),
        "iqama_expiry": add_months(today, 8),
        "is_outside_kingdom": False,
        "traffic_violations_amount": Decimal("0.00"),
        "dependants_count": 0,
        **scenario.overrides,
    }
    iqama_number = iqama_with_checksum(scenario.prefix)
    resident = Resident.objects.filter(iqama_number=iqama_number).first() or Resident(
        iqama_number=iqama_number
    )
    for name, value in defaults.items():
        setattr(resident, name, value)
    resident.full_clean()
    resident.save()
    return resident


def load_demo() -> list[str]:
    today = timezone.localdate()
    establishment = _establishment()
    EstablishmentAccount.objects.get_or_create(
        establishment=establishment, defaults={"balance": DEMO_BALANCE}
    )
    lines = [f"e-services: establishment {establishment.unified_number}, balance starts at "
             f"{DEMO_BALANCE} SAR; residents (iqama — outcome):"]  # fmt: skip
    for index, scenario in enumerate(_scenarios(today)):
        resident = _resident_ensure(establishment, scenario, today, index)
        if (
            scenario.active_visa
            and not resident.visas.filter(
                status=Visa.Status.ISSUED, valid_until__gte=today
            ).exists()
        ):
            Visa.objects.create(
                resident=resident,
                kind=Visa.Kind.MULTIPLE,
                status=Visa.Status.ISSUED,
                duration_months=3,
                valid_until=add_months(today, 3),
                fee=visa_fee(kind=Visa.Kind.MULTIPLE, duration_months=3),
            )
        lines.append(f"  {resident.iqama_number} — {scenario.outcome}")
    for number in range(1, FILLER_RESIDENTS + 1):
        filler = DemoResident(
            f"2100002{number:02d}", f"مقيم تجريبي {number:02d}", Nationality.INDONESIAN, ""
        )
        _resident_ensure(establishment, filler, today, number)
    lines.append(f"  and {FILLER_RESIDENTS} more residents whose services succeed")

    sub_user = User.objects.filter(username="demo_sub", establishment=establishment).first()
    if sub_user is not None:
        ServicePermission.objects.get_or_create(user=sub_user, service=Service.IQAMA_RENEWAL)
        ServicePermission.objects.filter(user=sub_user, service=Service.EXIT_REENTRY_VISA).delete()
        lines.append(
            f"  demo_sub may renew iqamas but not issue visas: a visa request gives "
            f"{ErrorCode.NO_PERMISSION}"
        )
    return lines
