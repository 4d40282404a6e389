from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from ratings.models import Rating
from tawasul.models import TawasulRequest

RATABLE_STATUSES = (TawasulRequest.Status.PROCESSED, TawasulRequest.Status.CLOSED)

ERRORS = {
    "already_rated": _("This request has already been rated. Thank you."),
    "not_ratable": _("A request can be rated once it is processed or closed."),
}


def rating_submit(*, tawasul_request: TawasulRequest, score: int, comment: str = "") -> Rating:
    """Record the requester's rating, once per request."""
    if tawasul_request.status not in RATABLE_STATUSES:
        raise ValidationError(ERRORS["not_ratable"], code="not_ratable")
    rating = Rating(request=tawasul_request, score=score, comment=comment.strip())
    rating.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        # Two submissions at once (or a reused link): the unique key keeps the first.
        raise ValidationError(ERRORS["already_rated"], code="already_rated") from None
    return rating
