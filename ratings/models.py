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
