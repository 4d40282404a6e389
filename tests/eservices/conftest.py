from decimal import Decimal

import pytest
from django.core.cache import cache

from tests.eservices.factories import EstablishmentAccountFactory, ResidentFactory
from tests.factories import UserFactory, establishment_with_primary_user


@pytest.fixture
def establishment(db):
    establishment = establishment_with_primary_user()
    EstablishmentAccountFactory(establishment=establishment, balance=Decimal("10000.00"))
    return establishment


@pytest.fixture
def primary_user(establishment):
    return establishment.primary_user


@pytest.fixture
def sub_user(establishment):
    return UserFactory(establishment=establishment)


@pytest.fixture
def resident(establishment):
    return ResidentFactory(establishment=establishment, full_name="راجيش كومار")


@pytest.fixture
def primary_client(client, primary_user):
    client.force_login(primary_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The error pages count anonymous incidents per address in the cache: each test starts at zero.
    cache.clear()
    yield
    cache.clear()
