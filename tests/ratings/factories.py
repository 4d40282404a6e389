import factory
from factory.django import DjangoModelFactory

from ratings.models import Rating
from tests.tawasul.factories import TawasulRequestFactory


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    request = factory.SubFactory(TawasulRequestFactory, status="processed")
    score = 4
