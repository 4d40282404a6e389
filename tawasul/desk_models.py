"""What staff keep in the admin to run the desk: each section's answer target and supervisors,
the public holidays the working-day count skips, and canned replies.

Kept apart from tawasul/models.py (the requests themselves); imported at its end, so Django
registers these models in the tawasul app.
"""

from django.conf import settings
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


class CannedReply(models.Model):
    """A reply staff often send, kept per section; inserted into a reply and edited before sending.

    The body may name {name} (the applicant), {number} (the request), {service} (its service type)
    and {answer_by} (its answer-by date); they are filled in for the request being answered.
    """

    VARIABLES = ("name", "number", "service", "answer_by")

    section = models.CharField(_("section"), max_length=32, choices=Section.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("text"),
        help_text=_(
            "You may use {name}, {number}, {service} and {answer_by}: they are filled in for "
            "the request."
        ),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["section", "title"]
        indexes = [models.Index(fields=["section", "title"], name="tawasul_canned_section_idx")]

    def __str__(self) -> str:
        return self.title


class InternalNote(models.Model):
    """A note staff leave on a request for each other. Never shown to the applicant and never
    e-mailed: a model of its own, which no applicant page or e-mail reads."""

    request = models.ForeignKey(
        "tawasul.TawasulRequest",
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="internal_notes",
        db_index=False,  # tawasul_note_req_idx leads with it
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("Internal notes (staff only)")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["request", "created_at"], name="tawasul_note_req_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.created_at:%Y-%m-%d %H:%M}"
