from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from eservices import services
from eservices.models import EstablishmentAccount, Service, Visa
from eservices.services import ErrorCode, ServiceRefused
from tawasul.models import Incident
from tests.eservices.factories import ResidentFactory, ServicePermissionFactory, VisaFactory

pytestmark = pytest.mark.django_db


def balance_of(establishment) -> Decimal:
    return EstablishmentAccount.objects.get(establishment=establishment).balance


def refusal_of(call) -> ServiceRefused:
    with pytest.raises(ServiceRefused) as caught:
        call()
    return caught.value


def issue_visa(user, resident, kind=Visa.Kind.SINGLE, months=2):
    return services.visa_exit_reentry_issue(
        user=user, resident=resident, kind=kind, duration_months=months
    )


# --- exit and re-entry visa ---------------------------------------------------------------------


def test_a_visa_is_issued_and_its_fee_taken_from_the_balance(primary_user, resident):
    visa = issue_visa(primary_user, resident, kind=Visa.Kind.MULTIPLE, months=5)

    assert visa.status == Visa.Status.ISSUED
    assert visa.fee == Decimal("900")  # 500 for three months, then 200 for each of two more
    assert visa.valid_until == services.add_months(timezone.localdate(), 5)
    assert visa.issued_by == primary_user
    assert balance_of(resident.establishment) == Decimal("9100.00")


def test_visa_fees_follow_the_tariff():
    assert services.visa_fee(kind=Visa.Kind.SINGLE, duration_months=2) == Decimal("200")
    assert services.visa_fee(kind=Visa.Kind.SINGLE, duration_months=4) == Decimal("400")
    assert services.visa_fee(kind=Visa.Kind.MULTIPLE, duration_months=2) == Decimal("500")
    assert services.visa_fee(kind=Visa.Kind.MULTIPLE, duration_months=6) == Decimal("1100")


def test_an_expired_passport_refuses_the_visa_and_takes_nothing(primary_user, establishment):
    resident = ResidentFactory(
        establishment=establishment, passport_expiry=timezone.localdate() - timedelta(days=1)
    )

    refusal = refusal_of(lambda: issue_visa(primary_user, resident))

    assert refusal.code == ErrorCode.PASSPORT_EXPIRED
    assert not Visa.objects.exists()
    assert balance_of(establishment) == Decimal("10000.00")


def test_a_passport_and_an_iqama_that_expire_today_are_still_valid_today(
    primary_user, establishment
):
    today = timezone.localdate()
    resident = ResidentFactory(
        establishment=establishment, passport_expiry=today, iqama_expiry=today
    )

    assert issue_visa(primary_user, resident).status == Visa.Status.ISSUED


def test_an_expired_iqama_refuses_the_visa(primary_user, establishment):
    resident = ResidentFactory(establishment=establishment, iqama_expiry=date(2020, 1, 31))

    refusal = refusal_of(lambda: issue_visa(primary_user, resident))

    assert refusal.code == ErrorCode.IQAMA_EXPIRED
    with translation.override("en"):
        assert "2020-01-31" in refusal.message


def test_outstanding_traffic_violations_refuse_the_visa(primary_user, establishment):
    resident = ResidentFactory(
        establishment=establishment, traffic_violations_amount=Decimal("1500")
    )

    refusal = refusal_of(lambda: issue_visa(primary_user, resident))

    assert refusal.code == ErrorCode.TRAFFIC_VIOLATIONS
    with translation.override("ar"):
        assert "1,500.00" in refusal.message
        assert "مخالفات مرورية" in refusal.message


def test_a_resident_outside_the_kingdom_gets_no_visa(primary_user, establishment):
    resident = ResidentFactory(establishment=establishment, is_outside_kingdom=True)

    assert refusal_of(lambda: issue_visa(primary_user, resident)).code == (
        ErrorCode.OUTSIDE_KINGDOM
    )


def test_a_second_visa_while_one_is_valid_is_refused(primary_user, resident):
    issue_visa(primary_user, resident)

    refusal = refusal_of(lambda: issue_visa(primary_user, resident, kind=Visa.Kind.MULTIPLE))

    assert refusal.code == ErrorCode.VISA_ALREADY_ISSUED
    assert Visa.objects.count() == 1
    assert balance_of(resident.establishment) == Decimal("9800.00")


def test_a_visa_valid_until_today_still_blocks_a_new_one(primary_user, resident):
    VisaFactory(resident=resident, valid_until=timezone.localdate())

    refusal = refusal_of(lambda: issue_visa(primary_user, resident))

    assert refusal.code == ErrorCode.VISA_ALREADY_ISSUED
    assert Visa.objects.count() == 1


def test_a_visa_that_has_lapsed_or_was_cancelled_does_not_block_a_new_one(primary_user, resident):
    VisaFactory(resident=resident, valid_until=timezone.localdate() - timedelta(days=1))
    VisaFactory(resident=resident, status=Visa.Status.CANCELLED)

    assert issue_visa(primary_user, resident).status == Visa.Status.ISSUED


def test_a_balance_below_the_fee_refuses_the_visa(primary_user, resident):
    EstablishmentAccount.objects.filter(establishment=resident.establishment).update(
        balance=Decimal("199.99")
    )

    refusal = refusal_of(lambda: issue_visa(primary_user, resident))

    assert refusal.code == ErrorCode.BALANCE_TOO_LOW
    with translation.override("en"):
        assert "199.99" in refusal.message
        assert "200.00" in refusal.message
    assert balance_of(resident.establishment) == Decimal("199.99")


def test_an_establishment_without_an_account_has_no_balance(primary_user, establishment):
    EstablishmentAccount.objects.all().delete()
    resident = ResidentFactory(establishment=establishment)

    assert refusal_of(lambda: issue_visa(primary_user, resident)).code == (
        ErrorCode.BALANCE_TOO_LOW
    )


def test_a_sub_user_without_the_visa_permission_is_refused(sub_user, resident):
    ServicePermissionFactory(user=sub_user, service=Service.IQAMA_RENEWAL)

    refusal = refusal_of(lambda: issue_visa(sub_user, resident))

    assert refusal.code == ErrorCode.NO_PERMISSION
    with translation.override("ar"):
        assert "تأشيرة خروج وعودة" in refusal.message


def test_a_sub_user_granted_the_visa_permission_may_issue_it(sub_user, resident):
    ServicePermissionFactory(user=sub_user, service=Service.EXIT_REENTRY_VISA)

    assert issue_visa(sub_user, resident).issued_by == sub_user


def test_the_permission_is_checked_before_anything_about_the_resident(sub_user, establishment):
    resident = ResidentFactory(establishment=establishment, is_outside_kingdom=True)

    assert refusal_of(lambda: issue_visa(sub_user, resident)).code == ErrorCode.NO_PERMISSION


def test_a_user_cannot_act_on_another_establishments_resident(primary_user):
    stranger = ResidentFactory()

    with pytest.raises(stranger.DoesNotExist):
        issue_visa(primary_user, stranger)
    assert not Visa.objects.exists()


# --- iqama renewal ------------------------------------------------------------------------------


def test_a_renewal_extends_the_iqama_from_its_expiry(primary_user, establishment):
    expiry = timezone.localdate() + timedelta(days=30)
    resident = ResidentFactory(establishment=establishment, iqama_expiry=expiry)

    renewal = services.iqama_renew(user=primary_user, resident=resident, years=2)

    resident.refresh_from_db()
    assert renewal.previous_expiry == expiry
    assert resident.iqama_expiry == renewal.new_expiry == services.add_months(expiry, 24)
    assert renewal.fee == Decimal("1300")
    assert balance_of(establishment) == Decimal("8700.00")


def test_an_expired_iqama_is_renewed_from_today(primary_user, establishment):
    resident = ResidentFactory(establishment=establishment, iqama_expiry=date(2020, 5, 1))

    renewal = services.iqama_renew(user=primary_user, resident=resident, years=1)

    assert renewal.new_expiry == services.add_months(timezone.localdate(), 12)


def test_dependants_add_their_levy_to_the_renewal_fee(primary_user, establishment):
    resident = ResidentFactory(establishment=establishment, dependants_count=1)

    renewal = services.iqama_renew(user=primary_user, resident=resident, years=1)

    assert renewal.fee == Decimal("650") + Decimal("400") * 12


def test_a_renewal_the_balance_cannot_pay_is_refused(primary_user, establishment):
    resident = ResidentFactory(establishment=establishment, dependants_count=5)
    expiry = resident.iqama_expiry

    refusal = refusal_of(
        lambda: services.iqama_renew(user=primary_user, resident=resident, years=1)
    )

    assert refusal.code == ErrorCode.BALANCE_TOO_LOW
    resident.refresh_from_db()
    assert resident.iqama_expiry == expiry
    assert balance_of(establishment) == Decimal("10000.00")


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"passport_expiry": date(2021, 1, 1)}, ErrorCode.PASSPORT_EXPIRED),
        ({"traffic_violations_amount": Decimal("300")}, ErrorCode.TRAFFIC_VIOLATIONS),
    ],
)
def test_renewal_refusals(primary_user, establishment, fields, code):
    resident = ResidentFactory(establishment=establishment, **fields)

    refusal = refusal_of(
        lambda: services.iqama_renew(user=primary_user, resident=resident, years=1)
    )

    assert refusal.code == code


def test_a_sub_user_without_the_renewal_permission_is_refused(sub_user, resident):
    ServicePermissionFactory(user=sub_user, service=Service.EXIT_REENTRY_VISA)

    refusal = refusal_of(lambda: services.iqama_renew(user=sub_user, resident=resident, years=1))

    assert refusal.code == ErrorCode.NO_PERMISSION


# --- messages and incidents -----------------------------------------------------------------------


@pytest.mark.parametrize("code", list(ErrorCode))
def test_every_error_code_has_an_arabic_message(code):
    refusal = ServiceRefused(
        code, date="2026-01-01", amount="1.00", balance="1.00", fee="2.00", service="x"
    )
    with translation.override("en"):
        english = refusal.message
    with translation.override("ar"):
        arabic = refusal.message

    assert arabic != english
    assert any("\u0600" <= char <= "\u06ff" for char in arabic)


def test_a_refusal_is_recorded_as_an_incident_with_the_resident(primary_user, resident):
    refusal = ServiceRefused(ErrorCode.OUTSIDE_KINGDOM)

    with translation.override("ar"):
        incident = services.service_refusal_record(
            refusal=refusal,
            user=primary_user,
            service=Service.EXIT_REENTRY_VISA,
            resident=resident,
            path="/eservices/residents/1/exit-reentry-visa/",
        )

    incident = Incident.objects.get(pk=incident.pk)
    assert incident.reference.startswith("INC-")
    assert incident.code == "outside_kingdom"
    assert incident.service == "exit_reentry_visa"
    assert incident.message == "المقيم خارج المملكة، لذا لا يمكن طلب هذه الخدمة الآن."
    assert incident.resident_iqama == resident.iqama_number
    assert incident.resident_name == "راجيش كومار"
    assert incident.user == primary_user
    assert incident.path == "/eservices/residents/1/exit-reentry-visa/"


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2026, 11, 15), 2) == date(2027, 1, 15)
