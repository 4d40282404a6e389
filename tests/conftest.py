import pytest
from django.core.cache import caches

from tests.factories import UserFactory

# Shared fixtures live in plugin modules, one per concern, so each stays small.
pytest_plugins = [
    "tests.fixtures.real_services",
    "tests.fixtures.browser",
]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Each test stores uploads in its own folder, so no test sees another's files.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    # Rolled-back tests reuse row ids: a page or user snapshot cached by one test must not be
    # served to the next one's different user with the same id.
    for name in ("default", "fragments", "pages", "auth"):
        caches[name].clear()
    yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client
