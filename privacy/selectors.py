"""Reads for the data subject's rights (PDPL): everything the portal holds about one user."""

from datetime import datetime

from django.db.models import Prefetch, Q

from subscriptions.models import SubscriptionRequest
from tawasul.models import Attachment, Reply, StatusChange, TawasulRequest


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def user_data_export(*, user) -> dict:
    """The user's profile, Tawasul requests (with their history, replies and document names) and
    subscription requests, as plain JSON values. Only rows tied to this user: their own requests
    and the subscription requests they sent or that created their account. Staff are named by
    role only: their names are not the requester's data."""
    establishment = user.establishment
    profile = {
        "username": user.get_username(),
        "full_name": user.full_name,
        "national_id": user.national_id,
        "mobile": user.mobile,
        "email": user.email,
        "preferred_language": user.preferred_language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "establishment": (
            {
                "name": establishment.name,
                "unified_number": establishment.unified_number,
                "city": establishment.city,
            }
            if establishment
            else None
        ),
    }
    requests = (
        TawasulRequest.objects.filter(requester=user)
        .order_by("created_at")
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("created_at")),
            Prefetch("replies", queryset=Reply.objects.order_by("created_at")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("created_at")),
        )
    )
    subscriptions = SubscriptionRequest.objects.filter(Q(requester=user) | Q(user=user)).order_by(
        "created_at"
    )
    return {
        "profile": profile,
        "tawasul_requests": [_request(r, user) for r in requests],
        "subscription_requests": [_subscription(s) for s in subscriptions],
    }


def _request(tawasul_request: TawasulRequest, user) -> dict:
    return {
        "number": tawasul_request.number,
        "status": tawasul_request.status,
        "created_at": _when(tawasul_request.created_at),
        "requester_name": tawasul_request.requester_name,
        "national_id": tawasul_request.national_id,
        "establishment_name": tawasul_request.establishment_name,
        "mobile": tawasul_request.mobile,
        "email": tawasul_request.email,
        "service": tawasul_request.service,
        "error_message": tawasul_request.error_message,
        "resident_iqama": tawasul_request.resident_iqama,
        "resident_name": tawasul_request.resident_name,
        "section": tawasul_request.section,
        "service_type": tawasul_request.service_type,
        "description": tawasul_request.description,
        "history": [
            {
                "from_status": change.from_status,
                "to_status": change.to_status,
                "note": change.note,
                "at": _when(change.created_at),
            }
            for change in tawasul_request.status_changes.all()
        ],
        "replies": [
            {
                "from": "you" if reply.author_id == user.pk else "staff",
                "body": reply.body,
                "at": _when(reply.created_at),
            }
            for reply in tawasul_request.replies.all()
        ],
        "documents": [
            {"name": a.original_name, "size": a.size, "uploaded_at": _when(a.created_at)}
            for a in tawasul_request.attachments.all()
        ],
    }


def _subscription(subscription_request: SubscriptionRequest) -> dict:
    return {
        "number": subscription_request.number,
        "kind": subscription_request.kind,
        "status": subscription_request.status,
        "company_name": subscription_request.company_name,
        "full_name": subscription_request.full_name,
        "national_id": subscription_request.national_id,
        "city": subscription_request.city,
        "mobile": subscription_request.mobile,
        "email": subscription_request.email,
        "unified_number": subscription_request.unified_number,
        "created_at": _when(subscription_request.created_at),
        "decided_at": _when(subscription_request.decided_at),
        "rejection_reason": subscription_request.rejection_reason,
    }
