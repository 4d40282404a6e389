from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ratings import services
from ratings.forms import RatingForm
from ratings.models import Rating
from ratings.tokens import request_id_from_token
from tawasul.models import TawasulRequest


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
