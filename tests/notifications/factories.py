import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from notifications.models import OutboundEmail


class OutboundEmailFactory(DjangoModelFactory):
    class Meta:
        model = OutboundEmail

    to = factory.Sequence(lambda n: f"resident{n}@example.com")
    language = "ar"
    template = "notifications/test_message"
    context = factory.LazyFunction(lambda: {"requested_by": "pytest"})
    next_attempt_at = factory.LazyFunction(timezone.now)
