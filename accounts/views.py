from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import services
from accounts.forms import LoginForm, PasswordResetForm, ProfileForm
from speed.pages import cached_page


# The same page for every visitor in a language (and `next`): drawn once per process.
@method_decorator(cached_page, name="get")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            # Someone who never picked a language on this browser gets the one their account keeps.
            _set_language_cookie(response, user.preferred_language)
        return response


class LogoutView(auth_views.LogoutView):
    """Django's log-out: POST only (a link or an image cannot log anyone out)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have logged out."))
        return response


def lockout(request, original_response=None, credentials=None, *args, **kwargs):
    """django-axes calls this when the failure limit is reached: the log-in page, with the reason.

    The form is rebuilt unbound (binding it would authenticate again and count one more failure),
    keeping the username the person typed.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = LoginForm(request, initial={"username": username})
    context = {"form": form, "locked_out": True, "lockout_message": lockout_message()}
    return render(request, "accounts/login.html", context, status=429)


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many failed log-in attempts. For your protection this account is locked for "
        "%(minutes)d minute; try again later or reset your password.",
        "Too many failed log-in attempts. For your protection this account is locked for "
        "%(minutes)d minutes; try again later or reset your password.",
        minutes,
    ) % {"minutes": minutes}


@login_required
def profile(request):
    return render(request, "accounts/profile_detail.html", {"account": request.user})


@login_required
def profile_edit(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={
            "mobile": user.mobile,
            "email": user.email,
            "preferred_language": user.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Said in the language just chosen: the next page is shown in it.
            with translation.override(user.preferred_language):
                messages.success(request, _("Your account details have been saved."))
            response = redirect("accounts:profile")
            _set_language_cookie(response, user.preferred_language)
            return response
    return render(request, "accounts/profile_form.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
def set_language(request):
    """Django's set_language (POST, CSRF, language cookie, only a safe `next`), and for a logged-in
    user the choice is also kept on the account, so the e-mails they receive use it too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        # Django accepts any language it has a catalogue for (French…); the portal has two.
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    elif request.user.is_authenticated:
        services.user_set_preferred_language(user=request.user, language=language)
    return response


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
