"""The error pages (403, 404, 500, a refused form): each records a Tawasul incident that its
«تواصل» link quotes. They live with the incident model; settings and the root URLs name them."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.csrf import requires_csrf_token

from core.http import client_address

logger = logging.getLogger(__name__)

# The messages the error pages show (the templates say the same words); an incident records them.
ERROR_403_MESSAGE = gettext_noop("You do not have permission to open this page.")
ERROR_404_MESSAGE = gettext_noop(
    "The page you asked for does not exist or is not available to you."
)
ERROR_CSRF_MESSAGE = gettext_noop(
    "The form could not be sent because the page had expired. Go back, reload the page and "
    "try again."
)
ERROR_500_MESSAGE = gettext_noop(
    "The service could not complete your request. Please try again in a few minutes."
)

# Anyone can produce 404s: keep the incident table to pages a person looked at.
INCIDENT_PATH_MAX_LENGTH = 300
_NOT_PAGES_PREFIXES = ("/favicon", "/robots.txt", "/apple-touch-icon", "/.well-known/")
_NOT_PAGES_SUFFIXES = (
    ".css", ".js", ".map", ".ico", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp",
    ".woff", ".woff2", ".ttf", ".txt", ".xml", ".json", ".php", ".asp", ".aspx", ".env",
    ".bak", ".sql", ".zip", ".gz", ".cgi",
)  # fmt: skip
_BOT_MARKERS = ("bot", "crawler", "spider", "slurp", "curl", "wget", "python-requests", "scan")
# Error pages record at most this many incidents per window: per client address for anonymous
# visitors (a scanner makes thousands), per account for a signed-in user (a script with a stolen or
# throw-away session could otherwise fill the table). A person rarely meets more than a few error
# pages an hour; past the allowance the page still shows the error and a Tawasul link, without a
# reference.
ANONYMOUS_INCIDENTS_PER_WINDOW = 20
USER_INCIDENTS_PER_WINDOW = 30
INCIDENT_WINDOW_SECONDS = 60 * 60

_PLAIN_500 = (
    '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
    "<title>حدث خطأ</title></head><body><main><h1>حدث خطأ</h1>"
    "<p>تعذّر إكمال طلبك. حاول مرة أخرى بعد دقائق.</p>"
    '<p><a href="/">الصفحة الرئيسية</a></p></main></body></html>'
)


def _user_or_none(request: HttpRequest):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _is_html_page_request(request: HttpRequest) -> bool:
    """A person's browser asking for a page: not an asset, not a scanner, not an API client."""
    if request.method not in ("GET", "POST"):
        return False
    path = request.path.lower()
    static_url = settings.STATIC_URL or "/static/"
    if path.startswith((static_url, *_NOT_PAGES_PREFIXES)) or path.endswith(_NOT_PAGES_SUFFIXES):
        return False
    accept = request.headers.get("Accept", "")
    return not accept or any(kind in accept for kind in ("text/html", "application/xhtml", "*/*"))


def _incident_allowance_left(request: HttpRequest, user) -> bool:
    """Count this error page against its visitor's allowance (in the default cache, shared by
    every worker in production); False once the allowance of the window is spent."""
    if user is None:
        agent = request.headers.get("User-Agent", "").lower()
        if any(marker in agent for marker in _BOT_MARKERS):
            return False
        key = "incident-anon:" + (client_address(request) or "unknown")
        limit = ANONYMOUS_INCIDENTS_PER_WINDOW
    else:
        # The account's own allowance: neither a scanner at the same address nor the user's other
        # devices' addresses change it.
        key = f"incident-user:{user.pk}"
        limit = USER_INCIDENTS_PER_WINDOW
    cache.add(key, 0, INCIDENT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        return True
    return count <= limit


def _record_error_page_incident(request: HttpRequest, *, code: str, message: str):
    """The incident behind an error page, or None. Never raises: error pages must always render."""
    try:
        if not _is_html_page_request(request):
            return None
        user = _user_or_none(request)
        if not _incident_allowance_left(request, user):
            return None
        # Imported here so that an error page still renders when the services cannot load.
        from tawasul.services import incident_record

        path = "".join(char for char in request.path if char.isprintable())
        # A savepoint: a failure here must not break a transaction the failed request left open.
        with transaction.atomic():
            return incident_record(
                code=code,
                message=gettext(message),
                user=user,
                path=path[:INCIDENT_PATH_MAX_LENGTH],
            )
    except Exception:
        logger.exception("Could not record the incident for an error page (%s)", code)
        return None


@requires_csrf_token
def permission_denied(request, exception=None):
    incident = _record_error_page_incident(request, code="http_403", message=ERROR_403_MESSAGE)
    return render(request, "403.html", {"incident": incident}, status=403)


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check: usually a page left open too long, or sent twice."""
    incident = _record_error_page_incident(request, code="http_403", message=ERROR_CSRF_MESSAGE)
    return render(request, "403.html", {"incident": incident, "csrf_failed": True}, status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    incident = _record_error_page_incident(request, code="http_404", message=ERROR_404_MESSAGE)
    return render(request, "404.html", {"incident": incident}, status=404)


@requires_csrf_token
def server_error(request):
    """The 500 page must always answer: the database, session or a template may be what failed."""
    incident = _record_error_page_incident(request, code="http_500", message=ERROR_500_MESSAGE)
    try:
        return render(request, "500.html", {"incident": incident}, status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered with the request's context")
    try:
        # Without the request: no user, session or messages, which may be what is broken.
        return HttpResponseServerError(loader.render_to_string("500.html", {"incident": incident}))
    except Exception:
        logger.exception("The 500 page could not be rendered at all")
    return HttpResponse(_PLAIN_500, status=500, content_type="text/html; charset=utf-8")
