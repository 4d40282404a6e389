import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accounts.roles import SUBSCRIPTION_OFFICERS
from tests.factories import UserFactory, verified_login


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # django-ratelimit counts in the cache: each test starts with no attempts counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(db):
    user = UserFactory(is_staff=True, full_name="موظف الاشتراكات")
    user.groups.add(Group.objects.get(name=SUBSCRIPTION_OFFICERS))
    return user


@pytest.fixture
def officer_client(client, officer):
    verified_login(client, officer)
    return client
