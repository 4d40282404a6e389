"""Whole pages kept rendered in this process's memory; only the CSRF token is filled in per request.

Part of the speed layer (its contract is in speed/__init__.py). A page that is the same for every
visitor in a language (the log-in page, a blank form), or the same for one user until something
they are shown changes (their requests), is rendered once per worker process and then served as
bytes: Django's template engine costs many times the bare view (bench/FINDINGS.md).

The template is rendered with a marker in place of the CSRF token, and each response gets this
request's own masked token, exactly as `{% csrf_token %}` would give it. The marker is random and
new for every rendering, so text a visitor controls (a `?next=` address, a name) can never contain
it: only the token fields are split on.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils import translation

from speed.snapshots import snapshot_version


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep the page this view draws, per view, language, full path and user version.

    The view returns a `TemplateResponse` for a page that may be kept; on a hit it is not called.
    Put it below `login_required` and the method checks; on a class-based view,
    `method_decorator(cached_page, name="get")`, so that `dispatch()`'s own decorators still apply
    to every answer.
    """

    @functools.wraps(view)
    def serve(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _cache_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        pages = caches["pages"]
        # Kept as the encoded page split around the token: a request only joins the pieces with
        # its own token, no re-encoding or searching of the whole page.
        pieces = pages.get(key)
        if pieces is None:
            response = view(request, *args, **kwargs)
            if not _keepable(response):
                return response
            pieces = _render_in_pieces(response)
            if not getattr(request, _NOT_KEPT, False):
                pages.set(key, pieces)
        if len(pieces) == 1:
            return HttpResponse(pieces[0])
        return HttpResponse(get_token(request).encode().join(pieces))

    serve.keeps_its_page = True  # found by tests/speed/test_dependencies.py
    return serve


_NOT_KEPT = "_speed_page_not_kept"


def page_not_kept(request: HttpRequest) -> None:
    """Called while a page is drawn: this page shows something of the visitor's browser session,
    which the key does not name (a «thanks» for the answer this session gave), so it is drawn for
    this request alone and never kept. Its CSRF token works as on any page (the pieces are joined
    with this request's token all the same)."""
    setattr(request, _NOT_KEPT, True)


def _cache_key(request: HttpRequest) -> str | None:
    """None when this request's page may be neither served from memory nor kept."""
    if request.method not in ("GET", "HEAD") or len(get_messages(request)):
        return None
    user = request.user
    if user.is_authenticated:
        version = snapshot_version(user)
        if not version:
            return None
        who = f"u{user.pk}:{version}"
    else:
        who = "anonymous"
    view = request.resolver_match.view_name if request.resolver_match else ""
    parts = [view, translation.get_language(), request.get_full_path(), who]
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f"page:{digest}"


def _keepable(response: HttpResponse) -> bool:
    return (
        isinstance(response, SimpleTemplateResponse)
        and not response.is_rendered
        and response.status_code == 200
    )


def _render_in_pieces(response: SimpleTemplateResponse) -> list[bytes]:
    marker = _csrf_marker()
    response.context_data = {**(response.context_data or {}), "csrf_token": marker}
    return response.render().content.split(marker.encode())


def _csrf_marker() -> str:
    # Letters and digits only: HTML escaping leaves it as it is wherever the token is printed.
    # 128 random bits, unknown until the page is drawn: nobody can put it in a URL beforehand.
    return f"csrf{secrets.token_hex(16)}"
