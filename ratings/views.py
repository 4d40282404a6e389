from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from core.http import ratelimit_key
from ratings import services
from ratings.forms import PageFeedbackForm, RatingForm
from ratings.models import PageFeedback, Rating
from ratings.page_feedback import feedback_given, remember_feedback
from ratings.tokens import request_id_from_token
from tawasul.models import TawasulRequest

PAGE_FEEDBACK_THANKS = gettext_lazy("Thank you for your feedback.")
PAGE_FEEDBACK_ALREADY_GIVEN = gettext_lazy(
    "You already told us whether this page was useful. Thank you."
)
PAGE_FEEDBACK_RATE_LIMITED = gettext_lazy(
    "Too many answers came from your network address, so yours was not counted. Please try "
    "again later."
)
PAGE_FEEDBACK_NOT_UNDERSTOOD = gettext_lazy(
    "Your answer could not be recorded. Choose “Yes” or “No”."
)


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request, token: str):
    """Rate an answer through the signed link (from the e-mail or the status page); no log-in.
    The link works once: a rated request shows its thanks and refuses another rating."""
    request_id = request_id_from_token(token)
    tawasul_request = TawasulRequest.objects.filter(pk=request_id).first() if request_id else None
    if tawasul_request is None:
        raise Http404
    context = {"tawasul_request": tawasul_request}
    if Rating.objects.filter(request=tawasul_request).exists():
        if request.method == "POST":
            messages.warning(request, services.ERRORS["already_rated"])
        return render(request, "ratings/rate.html", {**context, "rated": True}, status=200)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(
                tawasul_request=tawasul_request,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: your rating was recorded."))
            return redirect("ratings:rate", token=token)
    return render(request, "ratings/rate.html", {**context, "form": form})


def _page_feedback_rate(group, request) -> str:
    return settings.PAGE_FEEDBACK_RATE


@require_POST
@ratelimit(
    key=ratelimit_key,
    rate=_page_feedback_rate,
    method="POST",
    block=False,
    group="ratings:page_feedback",
)
def page_feedback(request, page: str):
    """An answer to «هل كانت هذه الصفحة مفيدة؟», counted once per page and browser session, then
    back to the page (POST-redirect-GET) with the thanks."""
    if page not in PageFeedback.Page.values:
        raise Http404
    back = _back_to(request)
    if feedback_given(request, page):
        messages.info(request, PAGE_FEEDBACK_ALREADY_GIVEN)
        return redirect(back)
    if getattr(request, "limited", False):
        # A script flooding the counts from one address; not counted.
        messages.warning(request, PAGE_FEEDBACK_RATE_LIMITED)
        return redirect(back)
    form = PageFeedbackForm(request.POST)
    if not form.is_valid():  # not from the page's buttons
        messages.error(request, PAGE_FEEDBACK_NOT_UNDERSTOOD)
        return redirect(back)
    services.page_feedback_count(
        page=page,
        answer=form.cleaned_data["answer"],
        reason=form.cleaned_data["reason"],
        language=translation.get_language(),
    )
    remember_feedback(request, page)
    messages.success(request, PAGE_FEEDBACK_THANKS)
    return redirect(back)


def _back_to(request) -> str:
    """The page the answer came from (the form's `next`), if it is one of ours; else home."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("home")
