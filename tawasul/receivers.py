"""A change to a request, its replies, status history or documents gives its requester a new
snapshot version (accounts.snapshots), so their cached pages are drawn again."""

from django.db.models.signals import post_delete, post_save

from accounts.snapshots import user_snapshot_refresh


def _request_changed(sender, instance, **kwargs) -> None:
    user_snapshot_refresh(user_id=instance.requester_id)


def _part_changed(sender, instance, **kwargs) -> None:
    if instance.request_id is None:  # a document of a draft: no page of a sent request shows it
        return
    # The related request is usually already on the instance (the service passed it): no query.
    user_snapshot_refresh(user_id=instance.request.requester_id)


def connect() -> None:
    from tawasul.models import Attachment, Reply, StatusChange, TawasulRequest

    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_request_changed, sender=TawasulRequest, dispatch_uid=f"tawasul.{name}")
        for model in (Reply, StatusChange, Attachment):
            uid = f"tawasul.{model.__name__}.{name}"
            signal.connect(_part_changed, sender=model, dispatch_uid=uid)
