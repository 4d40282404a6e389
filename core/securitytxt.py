"""/.well-known/security.txt (RFC 9116), and the page it names as the reporting policy."""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def security_txt(request: HttpRequest) -> HttpResponse:
    # Midnight UTC, SECURITY_TXT_EXPIRES_DAYS ahead: the same file all day, never past its date.
    expires = (timezone.now() + timedelta(days=settings.SECURITY_TXT_EXPIRES_DAYS)).astimezone(UTC)
    site = settings.SITE_URL.rstrip("/")
    lines = [
        *(f"Contact: {contact}" for contact in settings.SECURITY_TXT_CONTACT),
        f"Expires: {expires:%Y-%m-%d}T00:00:00Z",
        "Preferred-Languages: ar, en",
        f"Canonical: {site}{reverse('security_txt')}",
        f"Policy: {site}{reverse('security_policy')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def security_policy(request: HttpRequest) -> HttpResponse:
    """How to report a vulnerability, in the visitor's language."""
    contacts = [
        (contact, contact.removeprefix("mailto:")) for contact in settings.SECURITY_TXT_CONTACT
    ]
    return render(request, "security/policy.html", {"contacts": contacts})
