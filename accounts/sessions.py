"""How long a signed-in session lasts: idle time, age, and for staff the browser's life.

A session ends after SESSION_IDLE_TIMEOUT without a request (STAFF_SESSION_IDLE_TIMEOUT for staff,
whichever is shorter) and SESSION_MAX_AGE after the log-in however active it is; a staff
session's cookie is a browser-session cookie, gone when the browser closes.

The time of the last request is kept in the session, written at most once a minute: sessions
are cached_db in production, and a write on every request would be a database and Redis write
on every page view (pages served whole from speed/pages.py included). So a session ends
between the timeout minus a minute and the timeout after its last request, never later.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LAST_SEEN_KEY = "_muqeem_seen"
LOGGED_IN_AT_KEY = "_muqeem_logged_in_at"
# How stale the recorded last request may get before it is written again.
SEEN_WRITE_INTERVAL = 60


def idle_timeout(user) -> float:
    """Seconds of inactivity after which this user's session ends."""
    timeout = settings.SESSION_IDLE_TIMEOUT
    if user.is_staff:
        timeout = min(timeout, settings.STAFF_SESSION_IDLE_TIMEOUT)
    return timeout.total_seconds()


def session_start(*, request: HttpRequest, user) -> None:
    """At every log-in: the clocks start now; staff cookies end with the browser."""
    now = int(time.time())
    request.session[LAST_SEEN_KEY] = now
    request.session[LOGGED_IN_AT_KEY] = now
    if user.is_staff:
        request.session.set_expiry(0)


def _logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_start(request=request, user=user)


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.sessions.start")


class SessionLifetimeMiddleware:
    """Logs out a session idle or old past its limit, before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Anonymous visitors' sessions (or none) are left alone, and their user is never loaded.
        if SESSION_KEY in request.session and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session, user = request.session, request.user
        now = time.time()
        seen = session.get(LAST_SEEN_KEY)
        logged_in_at = session.get(LOGGED_IN_AT_KEY)
        idle = idle_timeout(user)
        if seen is not None and now - seen > idle:
            logout(request)
            minutes = max(1, round(idle / 60))
            messages.info(request, _idle_message(minutes))
            return
        max_age = settings.SESSION_MAX_AGE.total_seconds()
        if logged_in_at is not None and now - logged_in_at > max_age:
            logout(request)
            messages.info(request, _("Your session has ended. Log in again to continue."))
            return
        # Sessions from before these rules (or made without a log-in view) start counting now.
        if seen is None or now - seen >= SEEN_WRITE_INTERVAL:
            session[LAST_SEEN_KEY] = int(now)
        if logged_in_at is None:
            session[LOGGED_IN_AT_KEY] = int(now)
        if user.is_staff and not session.get_expire_at_browser_close():
            session.set_expiry(0)


def _idle_message(minutes: int) -> str:
    return ngettext(
        "For your protection you were logged out after %(minutes)d minute without activity. "
        "Log in again to continue.",
        "For your protection you were logged out after %(minutes)d minutes without activity. "
        "Log in again to continue.",
        minutes,
    ) % {"minutes": minutes}
