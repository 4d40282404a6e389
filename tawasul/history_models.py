"""The trails of a request: every status it went through and every assignment, with who and when.

Kept apart from tawasul/models.py (the requests themselves); imported at its end, so Django
registers these models in the tawasul app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tawasul.models import TawasulRequest


class StatusChange(models.Model):
    """Audit trail: every status a request went through, who moved it and when."""

    request = models.ForeignKey(
        TawasulRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="status_changes",
        db_index=False,  # tawasul_status_req_idx leads with it
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        # No query looks status changes up by who made them; an index would only be written again
        # on every submission and status change (3 million rows at scale).
        db_index=False,
    )
    from_status = models.CharField(
        _("from status"), max_length=32, choices=TawasulRequest.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=32, choices=TawasulRequest.Status.choices
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["request", "created_at"], name="tawasul_status_req_idx")]

    def __str__(self) -> str:
        to_label = TawasulRequest.Status(self.to_status).label
        if not self.from_status:
            return str(to_label)
        return f"{TawasulRequest.Status(self.from_status).label} → {to_label}"


class AssignmentChange(models.Model):
    """Audit trail of the queue: who gave a request to which staff member (or back to the shared
    queue), and when. Staff only: the applicant's timeline shows statuses and replies."""

    request = models.ForeignKey(
        TawasulRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="assignment_changes",
        db_index=False,  # tawasul_assign_req_idx leads with it
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # no query looks the trail up by person
        help_text=_("Empty: back to the shared queue."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment change")
        verbose_name_plural = _("Assignment history")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["request", "created_at"], name="tawasul_assign_req_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} → {self.assignee_id or '—'}"
