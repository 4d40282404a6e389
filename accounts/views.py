import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from accounts import selectors, services
from accounts.forms import LoginForm, PasswordChangeForm, PasswordResetForm, ProfileForm
from accounts.lockout import address_is_locked
from accounts.reauth import reauth_blocked, reauth_failed
from core.http import ratelimit_key
from speed.pages import cached_page

RATE_LIMITED_RESET = gettext_lazy(
    "Too many password-reset requests were sent from your network address. Please wait a while "
    "and try again."
)


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
    message = address_lockout_message() if address_is_locked(request) else lockout_message()
    context = {"form": form, "locked_out": True, "lockout_message": message}
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


def address_lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "Too many failed log-in attempts came from your network address. For your protection, "
        "log-in from it is paused for %(minutes)d minute; try again later or reset your password.",
        "Too many failed log-in attempts came from your network address. For your protection, "
        "log-in from it is paused for %(minutes)d minutes; try again later or reset your password.",
        minutes,
    ) % {"minutes": minutes}


@login_required
def profile(request):
    context = {
        "account": request.user,
        "pending_email_change": selectors.email_change_pending(user=request.user),
    }
    return render(request, "accounts/profile_detail.html", context)


@login_required
def profile_edit(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        user=user,
        reauth_blocked=request.method == "POST" and reauth_blocked(request),
        initial={
            "mobile": user.mobile,
            "email": user.email,
            "preferred_language": user.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        old_email = user.email
        try:
            change = services.user_update_profile(
                user=user,
                mobile=form.cleaned_data["mobile"],
                email=form.cleaned_data["email"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Said in the language just chosen: the next page is shown in it.
            with translation.override(user.preferred_language):
                messages.success(request, _("Your account details have been saved."))
                if change is not None:
                    messages.info(request, _email_change_sent(change.new_email, old_email))
            response = redirect("accounts:profile")
            _set_language_cookie(response, user.preferred_language)
            return response
    elif form.has_error("current_password", "password_incorrect"):
        reauth_failed(request)
    return render(request, "accounts/profile_form.html", {"form": form})


def _email_change_sent(new_email: str, old_email: str) -> str:
    if not old_email:
        return _(
            "To finish adding your e-mail address, open the link we sent to %(new_email)s."
        ) % {"new_email": new_email}
    return _(
        "To finish changing your e-mail address, open the link we sent to %(new_email)s. Until "
        "then, e-mails keep going to %(old_email)s."
    ) % {"new_email": new_email, "old_email": old_email}


@login_required
@require_http_methods(["GET", "POST"])
def email_change_confirm(request, token: str):
    """The link sent to the new address: a page with a button (a mail scanner that opens the link
    confirms nothing), for the same user only, logged in."""
    change = selectors.email_change_from_token(token=token)
    if change is not None and change.user_id != request.user.pk:
        raise Http404
    pending = selectors.email_change_pending(user=request.user)
    if change is None or pending is None or pending.pk != change.pk:
        return _email_change_link_invalid(request)
    if request.method == "POST":
        try:
            services.user_email_change_confirm(user=request.user, change=change)
        except ValidationError:
            return _email_change_link_invalid(request)
        messages.success(
            request,
            _("Your e-mail address is now %(email)s.") % {"email": change.new_email},
            # The account page asks «هل كانت هذه الصفحة مفيدة؟» while it says so (ratings).
            extra_tags="page-feedback:email_changed",
        )
        return redirect("accounts:profile")
    return render(request, "accounts/email_change_confirm.html", {"change": change})


def _email_change_link_invalid(request):
    context = {"invalid_message": services.EMAIL_CHANGE_LINK_INVALID}
    return render(request, "accounts/email_change_confirm.html", context, status=400)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self):
        blocked = self.request.method == "POST" and reauth_blocked(self.request)
        return {**super().get_form_kwargs(), "reauth_blocked": blocked}

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            reauth_failed(self.request)
        return super().form_invalid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _reset_client_rate(group, request) -> str:
    return settings.PASSWORD_RESET_CLIENT_RATE


def _reset_email_key(group, request) -> str:
    # The address as the reset compares it; django-ratelimit hashes it into the cache key.
    return unicodedata.normalize("NFKC", request.POST.get("email", "").strip()).casefold()


@method_decorator(
    ratelimit(
        key=ratelimit_key,
        rate=_reset_client_rate,
        method="POST",
        block=False,
        group="accounts:password_reset:client",
    ),
    name="post",
)
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if getattr(self.request, "limited", False):
            form.add_error(None, RATE_LIMITED_RESET)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        flooded = is_ratelimited(
            self.request,
            group="accounts:password_reset:email",
            key=_reset_email_key,
            rate=settings.PASSWORD_RESET_EMAIL_RATE,
            increment=True,
        )
        if flooded:
            # The same page as always: a known and an unknown address are limited alike, and the
            # person already has the links sent within the hour.
            return redirect(self.get_success_url())
        return super().form_valid(form)


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
