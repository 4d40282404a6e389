import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.eservices.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "iqama",
    [
        "1000000008",  # valid, but a citizen's ID
        "2000000007",  # wrong check digit
        "200000000",  # nine digits
        "2٠٠٠٠٠٠٠٠6",  # digits must be normalised before they reach the model
    ],
)
def test_a_resident_needs_a_valid_iqama_number(iqama):
    resident = ResidentFactory.build(
        iqama_number=iqama, establishment=ResidentFactory().establishment
    )

    with translation.override("ar"), pytest.raises(ValidationError) as caught:
        resident.full_clean()

    assert caught.value.message_dict["iqama_number"] == [
        "أدخل رقم إقامة صحيحًا: 10 أرقام تبدأ بالرقم 2."
    ]


def test_a_valid_iqama_number_is_accepted():
    resident = ResidentFactory(iqama_number="2000000006")

    resident.full_clean()
