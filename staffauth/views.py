"""The second step of a staff log-in: the code, or the first time, setting up the authenticator.

Both pages are for a signed-in staff member whose session has not passed the second factor yet;
anyone else is sent on (already verified), to the log-in (anonymous) or gets 404 (not staff).
Nothing here is cached: the set-up page shows a secret key, and no page is shared.
"""

from __future__ import annotations

import math
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from accounts.roles import user_passed_second_factor
from staffauth import selectors, services
from staffauth.forms import WRONG_CODE, WRONG_SETUP_CODE, CodeForm


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


def _turn_away(request: HttpRequest) -> HttpResponse | None:
    """A response for anyone these pages are not for; None for staff awaiting their code."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(_next_url(request), reverse("admin:login"))
    if not (user.is_active and user.is_staff):
        raise Http404
    if user_passed_second_factor(user):
        return redirect(_next_url(request))
    return None


def _verified(request: HttpRequest, device) -> None:
    # A new session id for the session's new powers, as Django does at log-in.
    request.session.cycle_key()
    otp_login(request, device)


def locked_message(until) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many wrong codes. For your protection the second step is locked; try again in "
        "%(minutes)d minute.",
        "Too many wrong codes. For your protection the second step is locked; try again in "
        "%(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@never_cache
@sensitive_post_parameters("code")
def verify(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app, or a backup code, after the password."""
    if (away := _turn_away(request)) is not None:
        return away
    user, next_url = request.user, _next_url(request)
    if not selectors.user_has_authenticator(user):
        return redirect(_with_next("staffauth:setup", next_url))
    form = CodeForm(request.POST or None, backup_codes_accepted=True)
    locked_until = selectors.second_factor_locked_until(user)
    if request.method == "POST" and locked_until is None and form.is_valid():
        try:
            device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except services.SecondFactorLocked as exc:
            locked_until = exc.until
        else:
            if device is not None:
                _verified(request, device)
                return redirect(next_url)
            locked_until = selectors.second_factor_locked_until(user)
            if locked_until is None:
                form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "next": next_url,
        "locked_message": locked_message(locked_until) if locked_until else "",
    }
    return render(request, "staffauth/verify.html", context, status=429 if locked_until else 200)


def _qr_svg(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    # Drawn here from the device's own URI (segno escapes the title): nothing a visitor typed.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


@never_cache
@sensitive_post_parameters("code")
def setup(request: HttpRequest) -> HttpResponse:
    """The first log-in of a staff member without an authenticator: scan, confirm a code, and
    receive the backup codes, shown this once."""
    if (away := _turn_away(request)) is not None:
        return away
    user, next_url = request.user, _next_url(request)
    if selectors.user_has_authenticator(user):
        return redirect(_with_next("staffauth:verify", next_url))
    device = services.totp_device_for_setup(user=user)
    form = CodeForm(request.POST or None, backup_codes_accepted=False)
    locked_until = selectors.second_factor_locked_until(user)
    if request.method == "POST" and locked_until is None and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                user=user, device_id=device.pk, code=form.cleaned_data["code"]
            )
        except services.SecondFactorLocked as exc:
            locked_until = exc.until
        else:
            if codes is not None:
                device.refresh_from_db()
                _verified(request, device)
                # Rendered in this response, never stored in the session: shown once.
                context = {"codes": codes, "next": next_url}
                return render(request, "staffauth/backup_codes.html", context)
            locked_until = selectors.second_factor_locked_until(user)
            if locked_until is None:
                form.add_error("code", WRONG_SETUP_CODE)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": _qr_svg(device.config_url),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "locked_message": locked_message(locked_until) if locked_until else "",
    }
    return render(request, "staffauth/setup.html", context, status=429 if locked_until else 200)
