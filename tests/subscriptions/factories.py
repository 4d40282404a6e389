import factory
from factory.django import DjangoModelFactory

from accounts.cities import City
from subscriptions.models import SubscriptionRequest
from tests.factories import UserFactory, national_id_with_checksum


class IndividualRequestFactory(DjangoModelFactory):
    """A pending individual request, as if sent through the form (numbers from another year)."""

    class Meta:
        model = SubscriptionRequest

    number = factory.Sequence(lambda n: f"SUB-1999-{n:06d}")
    kind = SubscriptionRequest.Kind.INDIVIDUAL
    status = SubscriptionRequest.Status.PENDING
    company_name = factory.Sequence(lambda n: f"مؤسسة النخيل {n}")
    full_name = factory.Sequence(lambda n: f"سارة خالد {n}")
    national_id = factory.Sequence(lambda n: national_id_with_checksum(f"1{n + 500:08d}"))
    city = City.JEDDAH
    mobile = factory.Sequence(lambda n: f"+96656{n:07d}")
    email = factory.Sequence(lambda n: f"applicant{n}@example.com")
    language = "ar"


class EstablishmentRequestFactory(IndividualRequestFactory):
    kind = SubscriptionRequest.Kind.ESTABLISHMENT
    requester = factory.SubFactory(UserFactory)
    national_id = ""
    unified_number = factory.Sequence(lambda n: f"70{n + 5000:08d}")
