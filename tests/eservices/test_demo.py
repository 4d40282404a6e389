"""The demo residents behave as their names and the printed lines promise."""

import pytest

from accounts import demo as accounts_demo
from accounts.models import User
from eservices import demo, services
from eservices.models import EstablishmentAccount, Resident, Visa
from eservices.services import ErrorCode, ServiceRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    accounts_demo.load_demo()
    return demo.load_demo()


def resident_named(marker: str) -> Resident:
    return Resident.objects.get(full_name__contains=marker)


def refusal_code(call) -> str | None:
    try:
        call()
    except ServiceRefused as refusal:
        return refusal.code
    return None


def visa_for(user, resident):
    return lambda: services.visa_exit_reentry_issue(
        user=user, resident=resident, kind="single", duration_months=2
    )


def renewal_for(user, resident):
    return lambda: services.iqama_renew(user=user, resident=resident, years=1)


def test_loading_the_demo_twice_changes_nothing(demo_data):
    counts = (Resident.objects.count(), Visa.objects.count(), EstablishmentAccount.objects.count())

    again = demo.load_demo()

    assert again == demo_data
    assert counts == (
        Resident.objects.count(),
        Visa.objects.count(),
        EstablishmentAccount.objects.count(),
    )
    assert Resident.objects.count() == 9 + demo.FILLER_RESIDENTS


@pytest.mark.parametrize(
    ("marker", "service", "code"),
    [
        ("(تنجح خدماته)", "visa", None),
        ("(تنجح خدماته)", "renewal", None),
        ("(جواز منتهٍ)", "visa", ErrorCode.PASSPORT_EXPIRED),
        ("(جواز منتهٍ)", "renewal", ErrorCode.PASSPORT_EXPIRED),
        ("(إقامة منتهية)", "visa", ErrorCode.IQAMA_EXPIRED),
        ("(إقامة منتهية)", "renewal", None),
        ("(مخالفات مرورية)", "visa", ErrorCode.TRAFFIC_VIOLATIONS),
        ("(تأشيرة صادرة)", "visa", ErrorCode.VISA_ALREADY_ISSUED),
        ("(خارج المملكة)", "visa", ErrorCode.OUTSIDE_KINGDOM),
        ("(رصيد غير كافٍ للتجديد)", "renewal", ErrorCode.BALANCE_TOO_LOW),
        ("(رصيد غير كافٍ للتجديد)", "visa", None),
    ],
)
def test_each_demo_resident_gives_the_promised_outcome(demo_data, marker, service, code):
    demo_user = User.objects.get(username="demo")
    resident = Resident.objects.filter(full_name__contains=marker).first()
    call = visa_for if service == "visa" else renewal_for

    assert refusal_code(call(demo_user, resident)) == code


def test_the_demo_sub_user_may_renew_but_not_issue_visas(demo_data):
    sub_user = User.objects.get(username="demo_sub")
    resident = resident_named("محمد رفيق")

    assert refusal_code(visa_for(sub_user, resident)) == ErrorCode.NO_PERMISSION
    assert refusal_code(renewal_for(sub_user, resident)) is None


def test_the_printed_lines_name_every_error_code(demo_data):
    printed = "\n".join(demo_data)

    for code in ErrorCode:
        assert code.value in printed
