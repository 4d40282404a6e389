"""Authentication backend: Django's ModelBackend, reading the signed-in user from its snapshot."""

from django.contrib.auth.backends import ModelBackend

from speed.snapshots import user_snapshot_get


class SnapshotModelBackend(ModelBackend):
    """Log-in and permissions exactly as ModelBackend; the user of each request comes from the
    signed snapshot (speed.snapshots), refreshed whenever the row changes. Permissions, groups and
    `is_superuser` are not in the snapshot: ModelBackend reads them from the database."""

    def get_user(self, user_id):
        user = user_snapshot_get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
