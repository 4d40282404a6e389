"""Reads of subscription requests."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from accounts import identifiers
from subscriptions.models import SubscriptionRequest


def subscription_request_lookup(*, number: str, contact: str) -> SubscriptionRequest | None:
    """The request with this number whose mobile or e-mail is `contact`, else None.

    One query that needs both to match: a wrong pair and an unknown number give the same answer.
    """
    number = identifiers.to_ascii_digits(number).strip().upper()
    contact = contact.strip()
    if "@" in contact:
        match = {"email": contact.lower()}
    else:
        mobile = identifiers.normalize_mobile(contact)
        if mobile is None:
            return None
        match = {"mobile": mobile}
    return SubscriptionRequest.objects.filter(number=number, **match).first()


def subscription_requests_visible(*, user, session_ids: list[int]) -> QuerySet[SubscriptionRequest]:
    """Requests this visitor may see: the ones sent from this browser session, and, when logged in,
    the ones they sent from their account."""
    queryset = SubscriptionRequest.objects.filter(pk__in=session_ids)
    if user.is_authenticated:
        queryset = queryset | SubscriptionRequest.objects.filter(requester=user)
    return queryset


def subscription_request_get_visible(
    *, number: str, user, session_ids: list[int]
) -> SubscriptionRequest | None:
    return (
        subscription_requests_visible(user=user, session_ids=session_ids)
        .filter(number=number)
        .first()
    )


def subscription_requests_for_user(*, user) -> QuerySet[SubscriptionRequest]:
    return SubscriptionRequest.objects.filter(requester=user).order_by("-created_at")


PENDING_AGE_BUCKETS = (("1d", 1), ("1-3d", 3), ("3-7d", 7), ("7d+", None))


def pending_summary(*, now: datetime | None = None) -> dict:
    """Subscription requests waiting for an officer: how many, the oldest, and by age; one query."""
    now = now or timezone.now()
    counts, older = {}, None
    for key, days in PENDING_AGE_BUCKETS:
        condition = Q()
        if older is not None:
            condition &= Q(created_at__lte=now - timedelta(days=older))
        if days is not None:
            condition &= Q(created_at__gt=now - timedelta(days=days))
        counts[key] = Count("pk", filter=condition)
        older = days
    row = SubscriptionRequest.objects.filter(status=SubscriptionRequest.Status.PENDING).aggregate(
        total=Count("pk"), oldest=Min("created_at"), **counts
    )
    return {
        "total": row["total"],
        "oldest": row["oldest"],
        "by_age": [(key, row[key]) for key, _days in PENDING_AGE_BUCKETS],
    }
