"""Authentication backend: Django's ModelBackend, reading the signed-in user from its snapshot."""

from django.contrib.auth.backends import ModelBackend

from accounts.snapshots import user_snapshot_get


class SnapshotModelBackend(ModelBackend):
    """Log-in and permissions exactly as ModelBackend; the user of each request comes from the
    cache (accounts.snapshots), refreshed whenever the row changes."""

    def get_user(self, user_id):
        user = user_snapshot_get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
