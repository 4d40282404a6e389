"""Helpers shared by the bench's management commands (they run under `muqeem.settings.bench`)."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string

BENCH_PASSWORD = "Bench-pass-2026"


def national_id(prefix: str) -> str:
    """Complete a 9-digit prefix with its Luhn check digit (domain.md)."""
    for last in "0123456789":
        candidate = prefix + last
        total = 0
        for position, char in enumerate(candidate):
            digit = int(char)
            if position % 2 == 0:
                digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
            total += digit
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable: one check digit always fits")


def session_cookie(user) -> str:
    """A logged-in session for `user`, made directly in the session store (no log-in round trip)."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
