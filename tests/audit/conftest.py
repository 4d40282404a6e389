import pytest
from django.contrib.auth.models import Group

from tests.audit.helpers import admin_login
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def auditor(db):
    """Staff in the `auditors` group (created by audit's migration): they may read the log."""
    user = UserFactory(username="auditor", is_staff=True)
    user.groups.add(Group.objects.get(name="auditors"))
    return user


@pytest.fixture
def superuser_client(client, superuser):
    return admin_login(client, superuser)


@pytest.fixture
def auditor_client(client, auditor):
    return admin_login(client, auditor)
