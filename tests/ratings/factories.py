import factory
from factory.django import DjangoModelFactory

from ratings.models import Rating
from tests.tawasul.factories import TawasulRequestFactory


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    request = factory.SubFactory(TawasulRequestFactory, status="processed")
    score = 4
    # As rating_submit copies them from the request.
    section = factory.LazyAttribute(lambda rating: rating.request.section)
    assignee = factory.LazyAttribute(lambda rating: rating.request.assignee)
