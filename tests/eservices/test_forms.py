"""The service forms state the fees the services charge, read from the same tariff."""

from decimal import Decimal

import pytest
from django.utils import translation

from eservices import services
from eservices.forms import IqamaRenewalForm, VisaRequestForm
from eservices.models import Visa
from tests.eservices.factories import ResidentFactory


def test_the_visa_form_states_the_tariff_the_service_charges(monkeypatch):
    with translation.override("en"):
        assert VisaRequestForm().fields["duration_months"].help_text == (
            "Single: 200 SAR for up to 2 months, then 100 SAR per extra month. "
            "Multiple: 500 SAR for up to 3 months, then 200 SAR per extra month."
        )
    new_tariff = {"base": Decimal("250"), "included_months": 3, "per_month": Decimal("120.50")}
    monkeypatch.setitem(services.VISA_FEES, Visa.Kind.SINGLE, new_tariff)
    with translation.override("ar"):
        help_text = VisaRequestForm().fields["duration_months"].help_text
    assert help_text.startswith(
        "المفردة: 250 ريال لمدة أقصاها 3 أشهر، ثم 120.50 ريال عن كل شهر إضافي."
    )
    assert services.visa_fee(kind=Visa.Kind.SINGLE, duration_months=4) == Decimal("370.50")
    # Two months read in their own dual form, which this phrasing keeps grammatical.
    with translation.override("ar"):
        multiple_text = VisaRequestForm().fields["duration_months"].help_text
    assert "المتعددة: 500 ريال لمدة أقصاها 3 أشهر" in multiple_text
    monkeypatch.setitem(services.VISA_FEES, Visa.Kind.SINGLE, {**new_tariff, "included_months": 2})
    with translation.override("ar"):
        assert "لمدة أقصاها شهران،" in VisaRequestForm().fields["duration_months"].help_text


@pytest.mark.django_db
def test_the_renewal_form_states_the_fee_and_levy_the_service_charges(monkeypatch):
    resident = ResidentFactory(dependants_count=2)
    with translation.override("en"):
        assert IqamaRenewalForm(resident=resident).fields["years"].help_text == (
            "The fee is 650 SAR per year, plus the dependants levy of 400 SAR per month for each "
            "dependant (this resident has 2)."
        )
    monkeypatch.setattr(services, "IQAMA_FEE_PER_YEAR", Decimal("1000"))
    monkeypatch.setattr(services, "DEPENDANT_LEVY_PER_MONTH", Decimal("800"))
    with translation.override("ar"):
        help_text = IqamaRenewalForm(resident=resident).fields["years"].help_text
    assert help_text == (
        "الرسوم 1,000 ريال عن كل سنة، يضاف إليها المقابل المالي للمرافقين 800 ريال شهريًا عن كل "
        "مرافق (لدى هذا المقيم 2)."
    )
    assert services.iqama_renewal_fee(resident=resident, years=1) == Decimal("20200")
