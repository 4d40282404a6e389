"""Factories shared by every app's tests. Apps with many models may add tests/<app>/factories.py."""

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
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


def totp_device(user: User) -> TOTPDevice:
    """The staff member's confirmed authenticator, as the set-up page leaves it (made once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the device's authenticator app shows now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def verified_login(client, user: User) -> TOTPDevice:
    """Log `user` in on a test client with a session that passed the second factor, as staff
    have after giving their code (what django_otp.login keeps in the session); returns the
    device. Tests that are about the second factor go through the pages instead."""
    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def as_verified(user: User) -> User:
    """`user` as django-otp's middleware hands it to a view once the session passed the second
    factor (for code that is given a user rather than a request)."""
    user.otp_device = totp_device(user)
    user.is_verified = lambda: True
    return user
