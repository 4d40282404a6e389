"""Whole pages kept rendered in this process's memory; only the CSRF token is filled in per request.

A page that is the same for every visitor in a language (the log-in page, a blank form), or the same
for one user until something they are shown changes (their requests), is rendered once per worker
process and then served as a string: Django's template engine costs many times the bare view
(bench/FINDINGS.md). The template is rendered with a marker in place of the CSRF token, and each
response gets this request's own masked token, exactly as `{% csrf_token %}` would give it. The
marker is random and new for every rendering, so text a visitor controls (a `?next=` address, a
name) can never contain it: only the token fields are split on.

What a cached page may depend on is in its key: the view, the language, the full path (the
language switch sends the visitor back to it), the signed-in user and their snapshot version
(accounts.snapshots: new whenever their row or their Tawasul requests change). A request that
has messages to show, any method but GET/HEAD, or a user without a snapshot version (cache
unreachable) gets the page rendered as usual.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation


def _csrf_marker() -> str:
    # Letters and digits only: HTML escaping leaves it as it is wherever the token is printed.
    # 128 random bits, unknown until the page is drawn: nobody can put it in a URL beforehand.
    return f"csrf{secrets.token_hex(16)}"


def _cache_key(request: HttpRequest) -> str | None:
    user = request.user
    if user.is_authenticated:
        version = getattr(user, "cache_version", None)
        if not version:
            return None
        who = f"u{user.pk}:{version}"
    else:
        who = "anonymous"
    view = request.resolver_match.view_name if request.resolver_match else ""
    parts = [view, translation.get_language(), request.get_full_path(), who]
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    return f"page:{digest}"


def render_page(request: HttpRequest, draw: Callable[[], tuple[str, dict]]) -> HttpResponse:
    """`render()`, served from memory when this page was already drawn for the same key.

    `draw()` returns the template name and its context; it is called only when the page has to be
    drawn, so its queries run only then (an Http404 it raises is never cached)."""
    cacheable = request.method in ("GET", "HEAD") and not len(get_messages(request))
    key = _cache_key(request) if cacheable else None
    if key is None:
        template_name, context = draw()
        return render(request, template_name, context)
    pages = caches["pages"]
    # Kept as the encoded page split around the placeholder: a request only joins the pieces with
    # its own token, no re-encoding or searching of the whole page.
    pieces = pages.get(key)
    if pieces is None:
        template_name, context = draw()
        marker = _csrf_marker()
        context = {**context, "csrf_token": marker}
        html = render_to_string(template_name, context, request=request)
        pieces = html.encode().split(marker.encode())
        pages.set(key, pieces)
    if len(pieces) == 1:
        return HttpResponse(pieces[0])
    return HttpResponse(get_token(request).encode().join(pieces))
