"""A change to a subscription request gives its requester a new snapshot version
(accounts.snapshots): the establishment form lists their requests and is served from memory."""

from django.db.models.signals import post_delete, post_save

from accounts.snapshots import user_snapshot_refresh


def _request_changed(sender, instance, **kwargs) -> None:
    user_snapshot_refresh(user_id=instance.requester_id)


def connect() -> None:
    from subscriptions.models import SubscriptionRequest

    post_save.connect(_request_changed, sender=SubscriptionRequest, dispatch_uid="subs.save")
    post_delete.connect(_request_changed, sender=SubscriptionRequest, dispatch_uid="subs.delete")
