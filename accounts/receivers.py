"""Keep each user's snapshot (accounts.snapshots) in step with their row."""

from django.db.models.signals import post_delete, post_save

from accounts.snapshots import user_snapshot_refresh


def _user_changed(sender, instance, **kwargs) -> None:
    user_snapshot_refresh(user_id=instance.pk)


def _establishment_changed(sender, instance, **kwargs) -> None:
    # Its name and number are shown to each of its users (the Tawasul main data, the account page).
    for user_id in instance.users.values_list("pk", flat=True):
        user_snapshot_refresh(user_id=user_id)


def connect() -> None:
    from django.contrib.auth import get_user_model

    from accounts.models import Establishment

    user_model = get_user_model()
    post_save.connect(_user_changed, sender=user_model, dispatch_uid="accounts.snapshot.save")
    post_delete.connect(_user_changed, sender=user_model, dispatch_uid="accounts.snapshot.delete")
    post_save.connect(
        _establishment_changed, sender=Establishment, dispatch_uid="accounts.snapshot.establishment"
    )
