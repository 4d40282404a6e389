"""Asking a logged-in user for their password again (before an e-mail or password change).

Whoever holds a stolen session could otherwise guess the password on these forms, where django-axes
does not count. Wrong passwords are counted per user (django-ratelimit, default cache); after
ACCOUNTS_REAUTH_RATE of them the forms stop checking passwords until the window ends.
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

GROUP = "accounts:reauth"


def _user_key(group: str, request: HttpRequest) -> str:
    return str(request.user.pk)


def _usage(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group=GROUP,
        key=_user_key,
        rate=settings.ACCOUNTS_REAUTH_RATE,
        increment=increment,
    )


def reauth_blocked(request: HttpRequest) -> bool:
    """True once this user has typed ACCOUNTS_REAUTH_RATE wrong passwords in the window."""
    usage = _usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def reauth_failed(request: HttpRequest) -> None:
    """Count one wrong password typed by this user."""
    _usage(request, increment=True)
