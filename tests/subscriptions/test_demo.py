import pytest

from accounts import demo as accounts_demo
from subscriptions import demo
from subscriptions.models import SubscriptionRequest

pytestmark = pytest.mark.django_db


def test_demo_requests_load_twice_without_duplicates():
    accounts_demo.load_demo()
    first = demo.load_demo()
    assert demo.load_demo() == first
    assert SubscriptionRequest.objects.count() == 3
    assert SubscriptionRequest.objects.filter(status="pending").count() == 2
    rejected = SubscriptionRequest.objects.get(status="rejected")
    assert rejected.decided_by.username == "staff"
    assert rejected.rejection_reason
