"""Factories shared by every app's tests. Apps with many models may add tests/<app>/factories.py."""

import factory
from factory.django import DjangoModelFactory

from accounts.cities import City
from accounts.identifiers import national_id_with_check_digit as national_id_with_checksum
from accounts.models import Establishment, User

DEMO_PASSWORD = "Muqeem-pass-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"محمد عبدالله {n}")
    national_id = factory.Sequence(lambda n: national_id_with_checksum(f"2{n:08d}"))
    mobile = factory.Sequence(lambda n: f"+96655{n:07d}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    preferred_language = "ar"
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EstablishmentFactory(DjangoModelFactory):
    class Meta:
        model = Establishment

    name = factory.Sequence(lambda n: f"مؤسسة الأمل {n}")
    unified_number = factory.Sequence(lambda n: f"7{n:09d}")
    city = City.RIYADH
    primary_user = None


def establishment_with_primary_user(**user_kwargs) -> Establishment:
    establishment = EstablishmentFactory()
    user = UserFactory(establishment=establishment, **user_kwargs)
    establishment.primary_user = user
    establishment.save(update_fields=["primary_user"])
    return establishment
