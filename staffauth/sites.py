"""The admin site: Django's, open only to staff whose session passed the second factor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from accounts.roles import user_passed_second_factor


def awaits_second_factor(user) -> bool:
    """Staff who gave their password but not yet their code in this session."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not user_passed_second_factor(user)
    )


def second_factor_redirect(next_url: str) -> HttpResponse:
    return redirect(f"{reverse('staffauth:verify')}?{urlencode({'next': next_url})}")


class StaffAdminSite(admin.AdminSite):
    """Every admin page (admin_view) asks has_permission; the log-in page sends staff who gave
    their password on to the code (or, without a device yet, to setting one up)."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and user_passed_second_factor(request.user)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.method == "GET" and awaits_second_factor(request.user):
            return second_factor_redirect(self._next(request))
        response = super().login(request, extra_context)
        # The password was right: the code comes next (Django's view would send them to `next`,
        # which has_permission would turn back to this page).
        if isinstance(response, HttpResponseRedirect) and awaits_second_factor(request.user):
            return second_factor_redirect(self._next(request))
        return response

    def _next(self, request: HttpRequest) -> str:
        # Checked for a safe target by the second-factor view that receives it.
        return (
            request.POST.get("next")
            or request.GET.get("next")
            or reverse("admin:index", current_app=self.name)
        )
