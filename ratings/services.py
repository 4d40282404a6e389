import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ratings.models import PageFeedback, Rating
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
    rating = Rating(
        request=tawasul_request,
        score=score,
        comment=comment.strip(),
        section=tawasul_request.section,
        assignee_id=tawasul_request.assignee_id,
    )
    rating.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        # Two submissions at once (or a reused link): the unique key keeps the first.
        raise ValidationError(ERRORS["already_rated"], code="already_rated") from None
    return rating


def page_feedback_count(
    *,
    page: str,
    answer: str,
    reason: str = "",
    language: str,
    day: datetime.date | None = None,
) -> None:
    """Add one answer to «هل كانت هذه الصفحة مفيدة؟» to its counter (see `PageFeedback`: no row
    per answer). A reason is kept only with "no". Atomic without a lock: the UPDATE adds one in
    the database (`F()`), and the day's first answer inserts the row; when two first answers race,
    the unique key refuses the second INSERT and it adds one to the row the other made.

    One query for every answer but the first of its kind each day (then UPDATE, INSERT)."""
    counter = PageFeedback(
        page=page,
        day=day or timezone.localdate(),
        answer=answer,
        reason=reason if answer == PageFeedback.Answer.NO else "",
        language=language,
        count=1,
    )
    counter.full_clean(exclude=["count"], validate_unique=False, validate_constraints=False)
    key = {
        "page": counter.page,
        "day": counter.day,
        "answer": counter.answer,
        "reason": counter.reason,
        "language": counter.language,
    }
    counters = PageFeedback.objects.filter(**key)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            counter.save(force_insert=True)
    except IntegrityError:
        if not counters.update(count=F("count") + 1):
            raise  # not the race: the row broke a rule of the table
