"""What staff keep in the admin to run the desk: each section's answer target and supervisors,
the public holidays the working-day count skips, and canned replies.

Kept apart from tawasul/models.py (the requests themselves); imported at its end, so Django
registers these models in the tawasul app.
"""

from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tawasul.models import Section

DEFAULT_ANSWER_DAYS = 7


class SectionSettings(models.Model):
    """One row per section: how many working days staff have to answer, who supervises it, and
    which agents work in it. A section without a row has the default target and nobody to alert."""

    section = models.CharField(_("section"), max_length=32, choices=Section.choices, unique=True)
    answer_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"),
        default=DEFAULT_ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Sunday to Thursday, public holidays excluded."),
    )
    supervisors = models.ForeignKey(
        Group,
        verbose_name=_("supervisors"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("E-mailed once when a request of this section becomes overdue."),
    )
    agents = models.ForeignKey(
        Group,
        verbose_name=_("agents"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Requests of this section are assigned to members of this group."),
    )

    class Meta:
        verbose_name = _("section settings")
        verbose_name_plural = _("sections")
        ordering = ["section"]

    def __str__(self) -> str:
        return str(Section(self.section).label)


class PublicHoliday(models.Model):
    """A day off besides the Friday–Saturday weekend; answer-by dates skip it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"
