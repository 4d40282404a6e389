import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from core.http import ratelimit_key
from core.text import single_line
from speed.pages import cached_page
from subscriptions import selectors, services
from subscriptions.forms import (
    ActivationForm,
    EstablishmentRequestForm,
    IndividualRequestForm,
    StatusLookupForm,
)
from subscriptions.tokens import activation_token_generator

logger = logging.getLogger(__name__)

# Requests sent from this browser session, so their confirmation page can be shown again (and only
# to this session) without logging in.
SESSION_KEY = "subscription_request_ids"

RATE_LIMITED_SUBMIT = gettext_lazy(
    "Too many subscription requests were sent from your network address. Please wait an hour "
    "and try again."
)
RATE_LIMITED_LOOKUP = gettext_lazy(
    "Too many status checks were made from your network address. Please wait a while and try again."
)
ACTIVATED = gettext_lazy(
    "Your account is active. Log in with the user name %(username)s and your new password."
)
TEMPORARY_FAULT = gettext_lazy(
    "Your request could not be saved because of a temporary fault on our side; nothing was "
    "stored. Please send it again in a moment."
)
NOT_FOUND = gettext_lazy(
    "No request matches this number and mobile number or e-mail address. Check both and try again."
)


def _submit_rate(group, request) -> str:
    return settings.SUBSCRIPTIONS_SUBMIT_RATE


def _lookup_rate(group, request) -> str:
    return settings.SUBSCRIPTIONS_LOOKUP_RATE


def _remember(request, subscription_request) -> None:
    ids = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*ids[-19:], subscription_request.pk]


def _submit(request, make_form, submit, template: str, extra: dict | None = None):
    """Bind, call the service, redirect to the confirmation; on error, the form keeps the input.

    `make_form(data)` builds the form (unbound for None)."""
    if request.method == "GET":
        return TemplateResponse(request, template, {"form": make_form(None), **(extra or {})})
    form = make_form(request.POST)
    status = 200
    if getattr(request, "limited", False):
        form.add_error(None, RATE_LIMITED_SUBMIT)
        status = 429
    elif form.is_valid():
        try:
            subscription_request = submit(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except DatabaseError:
            # The service is one transaction: when the database fails mid-way nothing is kept,
            # and sending again is safe (a request that did commit is then named as pending).
            logger.exception("Subscription request not stored: database error")
            form.add_error(None, TEMPORARY_FAULT)
            status = 503
        else:
            _remember(request, subscription_request)
            messages.success(request, _("Your subscription request has been sent."))
            return redirect("subscriptions:detail", number=subscription_request.number)
    context = {"form": form, **(extra or {})}
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@ratelimit(
    key=ratelimit_key, rate=_submit_rate, method="POST", block=False, group="subscriptions:submit"
)
@cached_page  # the blank form: the same page for everyone in a language
def individual_request_create(request):
    def submit(data):
        return services.subscription_request_submit_individual(
            **data, language=translation.get_language()
        )

    return _submit(
        request,
        IndividualRequestForm,
        submit,
        "subscriptions/individual_create.html",
        {"tab": "individual"},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(
    key=ratelimit_key, rate=_submit_rate, method="POST", block=False, group="subscriptions:submit"
)
@cached_page  # the blank form with this user's requests: drawn again when one of them changes
def establishment_request_create(request):
    user = request.user

    def make_form(data):
        return EstablishmentRequestForm(data, initial={"mobile": user.mobile, "email": user.email})

    def submit(data):
        return services.subscription_request_submit_establishment(
            requester=user, **data, language=translation.get_language()
        )

    extra = {
        "tab": "establishment",
        "my_requests": selectors.subscription_requests_for_user(user=user)[:10],
    }
    return _submit(request, make_form, submit, "subscriptions/establishment_create.html", extra)


def start(request):
    """What the header's "Subscription request" opens: the establishment form for a logged-in user,
    the individual form otherwise, each with tabs to the other and to the status look-up."""
    if request.user.is_authenticated:
        return establishment_request_create(request)
    return individual_request_create(request)


def _visible_or_404(request, number: str):
    """The request, if this visitor may see it: sent from this browser session, or by this user."""
    subscription_request = selectors.subscription_request_get_visible(
        number=number, user=request.user, session_ids=request.session.get(SESSION_KEY, [])
    )
    if subscription_request is None:
        raise Http404
    return subscription_request


def request_detail(request, number: str):
    """The confirmation page: visible to the session that sent the request and to its requester."""
    subscription_request = _visible_or_404(request, number)
    return render(
        request, "subscriptions/request_detail.html", {"subscription_request": subscription_request}
    )


@require_safe
def request_receipt(request, number: str):
    """The confirmation as a PDF to keep, for exactly those who may see the confirmation page; its
    QR code opens the status look-up with the number filled in."""
    # Imported here: the PDF renderer is loaded only by those who ask for a receipt.
    from subscriptions.receipts import subscription_request_receipt_pdf

    subscription_request = _visible_or_404(request, number)
    query = urlencode({"number": subscription_request.number})
    status_url = request.build_absolute_uri(f"{reverse('subscriptions:status')}?{query}")
    response = HttpResponse(
        subscription_request_receipt_pdf(
            subscription_request=subscription_request, status_url=status_url
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{subscription_request.number}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@ratelimit(
    key=ratelimit_key, rate=_lookup_rate, method="POST", block=False, group="subscriptions:lookup"
)
def status_lookup(request):
    """The status of a request, for the number with its mobile number or e-mail address (POST).

    A GET may carry `?number=` (the receipt's QR code): it only fills the number field in. Nothing
    is looked up without the contact, so the link shows no one anything of the request."""
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
    else:
        number = single_line(request.GET.get("number", ""))
        form = StatusLookupForm(initial={"number": number[: StatusLookupForm.NUMBER_MAX_LENGTH]})
    found = None
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, RATE_LIMITED_LOOKUP)
            status = 429
        elif form.is_valid():
            found = selectors.subscription_request_lookup(
                number=form.cleaned_data["number"], contact=form.cleaned_data["contact"]
            )
            if found is None:
                form.add_error(None, NOT_FOUND)
    return render(
        request,
        "subscriptions/status_lookup.html",
        {"form": form, "subscription_request": found, "tab": "status"},
        status=status,
    )


class ActivateView(auth_views.PasswordResetConfirmView):
    """The one-time link from the approval e-mail: choose a password, then log in.

    Django's view checks the token, moves it into the session (so it never leaks in a Referer) and
    shows the form; we switch the account on through the service instead of only saving the form.
    """

    form_class = ActivationForm
    token_generator = activation_token_generator
    template_name = "subscriptions/account_activate.html"
    success_url = reverse_lazy("accounts:login")
    reset_url_token = "set-password"  # noqa: S105 - a URL segment, not a secret

    def get_user(self, uidb64):
        # An activated account has nothing to activate: a link made for it (an old e-mail sent
        # again) must not set its password.
        user = super().get_user(uidb64)
        return None if user is None or user.is_active else user

    def form_valid(self, form):
        user = services.account_activate(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(
            self.request,
            ACTIVATED % {"username": user.get_username()},
            # The log-in page asks «هل كانت هذه الصفحة مفيدة؟» while it says so (ratings).
            extra_tags="page-feedback:account_activated",
        )
        return redirect(self.success_url)
