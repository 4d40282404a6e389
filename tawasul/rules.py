"""The rules of a Tawasul request that a form and a service both check: each lives here once, with
its message, so the form shown to a person and the service behind it can never disagree."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tawasul import conf
from tawasul.models import SERVICE_TYPE_SECTION, TawasulRequest

Status = TawasulRequest.Status

# Where staff may move a request. The applicant's own move (returned → answered) is request_answer.
STAFF_TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {
        Status.UNDER_PROCESSING,
        Status.RETURNED_TO_APPLICANT,
        Status.PROCESSED,
        Status.CLOSED,
    },
    Status.UNDER_PROCESSING: {Status.RETURNED_TO_APPLICANT, Status.PROCESSED, Status.CLOSED},
    Status.RETURNED_TO_APPLICANT: {Status.UNDER_PROCESSING, Status.CLOSED},
    Status.RETURNED_BY_APPLICANT: {
        Status.UNDER_PROCESSING,
        Status.RETURNED_TO_APPLICANT,
        Status.PROCESSED,
        Status.CLOSED,
    },
    Status.PROCESSED: {Status.UNDER_PROCESSING, Status.CLOSED},
    Status.CLOSED: set(),
}

ERRORS = {
    "too_many_files": _("You can attach at most %(max)s files to a request."),
    "section_mismatch": _("This service type belongs to another section; choose them again."),
    "transition": _("A request that is “%(from)s” cannot become “%(to)s”."),
    "not_returned": _("This request is not waiting for your answer."),
    "empty_answer": _("Write your answer or attach a document."),
    "empty_reply": _("Write the reply."),
    "not_section_agent": _("%(name)s is not an agent of this request's section."),
    "reassign_reason": _("Say why the request moves from %(name)s to someone else."),
}


# The forms call these too, to show every error beside its field at once.


def section_check(*, section: str, service_type: str) -> None:
    """A service type may only be chosen in its own section (SERVICE_TYPE_SECTION)."""
    if SERVICE_TYPE_SECTION.get(service_type) != section:
        raise ValidationError(
            {"service_type": ValidationError(ERRORS["section_mismatch"], code="section_mismatch")}
        )


def attachment_count_check(*, count: int) -> None:
    """At most TAWASUL_ATTACHMENT_MAX_COUNT files on a request, and on each answer."""
    limit = conf.attachment_max_count()
    if count > limit:
        error = ValidationError(
            ERRORS["too_many_files"], code="too_many_files", params={"max": limit}
        )
        raise ValidationError({"attachments": error})


def answer_content_check(*, body: str, files: Sequence) -> None:
    """An answer says something: words, documents or both."""
    if not body.strip() and not files:
        raise ValidationError(
            {"body": ValidationError(ERRORS["empty_answer"], code="empty_answer")}
        )
