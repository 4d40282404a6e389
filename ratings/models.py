from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tawasul.models import Section, TawasulRequest


class Rating(models.Model):
    """The requester's rating of the answer to a processed or closed request: once per request
    (the one-to-one key refuses a second)."""

    request = models.OneToOneField(
        TawasulRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="rating",
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    # Copied from the request when it is rated (ratings.services.rating_submit): the section and
    # the agent who answered it, so the rating stays with them if the request moves later, and
    # the dashboard's figures read this table's index alone, not a million requests.
    section = models.CharField(_("section"), max_length=32, choices=Section.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        indexes = [
            # The dashboard's averages per section and agent: an index-only scan.
            models.Index(
                fields=["section", "assignee"],
                include=["score", "created_at"],
                name="ratings_dashboard_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="ratings_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.score}"


class PageFeedback(models.Model):
    """The answers to «هل كانت هذه الصفحة مفيدة؟», counted: one row per page, day, answer, reason
    and language, holding how many gave it (`ratings.services.page_feedback_count` adds one).

    Why counters rather than a row per answer: a row per answer would keep the exact moment and
    the order of each vote, and the moment is enough to find the person again (a Tawasul number
    issued at 10:02:11, a "no" on the number page at 10:02:40; the web server's log). A counter per
    day keeps nothing but the totals staff read, so there is no trail to protect, hand over or
    delete, and the table stays small (pages × days × answers × reasons × languages) whatever the
    traffic, its figures a sum over a few rows. What it gives up is what we must not have anyway:
    telling two answers apart, withdrawing one, or the time of day.

    Nothing here can hold personal data: the page is a key from `Page` (never an address, which
    could carry a request number or a link's token), the reason one of `Reason` (no free text),
    and there is no user, address, session, request or time column (tests/ratings checks the
    fields)."""

    class Page(models.TextChoices):
        # The pages where people finish something. A key, not a URL: add a page here (and a
        # migration), then name it in the page's template.
        TAWASUL_REQUEST_RECEIVED = "tawasul_request_received", _("Tawasul request number")
        SUBSCRIPTION_REQUEST_SENT = "subscription_request_sent", _("Subscription request sent")
        ACCOUNT_ACTIVATED = "account_activated", _("Account activated")
        PASSWORD_RESET_COMPLETE = "password_reset_complete", _("Password reset")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        EMAIL_CHANGED = "email_changed", _("E-mail address changed")
        ANSWER_RATED = "answer_rated", _("Answer rated")

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    class Reason(models.TextChoices):
        # Only with "no", and optional: a fixed list, so nobody can type personal data in.
        UNCLEAR = "unclear", _("The page was not clear")
        NOT_FOUND = "not_found", _("I did not find what I needed")
        TECHNICAL = "technical", _("A technical problem")

    page = models.CharField(_("page"), max_length=32, choices=Page.choices)
    day = models.DateField(_("day"))
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("page usefulness count")
        verbose_name_plural = _("page usefulness answers")
        ordering = ["-day", "page", "answer", "reason", "language"]
        constraints = [
            # One counter per combination: the service adds to it, never a second row.
            models.UniqueConstraint(
                fields=["page", "day", "answer", "reason", "language"],
                name="ratings_page_feedback_one_counter",
            ),
            models.CheckConstraint(
                condition=models.Q(answer="no") | models.Q(reason=""),
                name="ratings_page_feedback_reason_only_with_no",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page} {self.day} {self.answer} {self.reason}: {self.count}"
