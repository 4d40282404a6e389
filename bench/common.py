"""Helpers shared by the bench's management commands (they run under `muqeem.settings.bench`)."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string

BENCH_PASSWORD = "Bench-pass-2026"


def session_cookie(user) -> str:
    """A logged-in session for `user`, made directly in the session store (no log-in round trip)."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "speed.auth.SnapshotModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if user.is_staff:
        # The admin opens only to a session that passed the second factor (staffauth).
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()  # creates it: a new key in the database, or the signed cookie value
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
