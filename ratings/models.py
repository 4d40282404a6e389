from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tawasul.models import TawasulRequest


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

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="ratings_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.score}"
