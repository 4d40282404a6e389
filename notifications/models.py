import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import Language


class OutboundEmail(models.Model):
    """One notification e-mail in the outbox.

    It is written in the same transaction as the change that caused it, so an e-mail exists exactly
    when the change does; a Celery task delivers it after commit, and the sweep re-enqueues any that
    a lost broker message left pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    # Links with a secret in them (password reset, activation) are made when the e-mail is sent:
    # only their kind and plain parameters are kept here (notifications.links), never a token.
    links = models.JSONField(_("links made at sending"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When a worker is next expected to try it: now when queued, later when a retry is scheduled.
    # The sweep picks up pending e-mails whose attempt is overdue (the broker lost the task).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Names this e-mail in its Message-ID, unique across databases (a primary key is not: a new
    # database starts again at 1, and receivers drop a Message-ID they have seen before).
    uuid = models.UUIDField(_("unique identifier"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notif_pending_due_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["status", "-created_at"], name="notif_status_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to}"

    @property
    def message_id(self) -> str:
        """Stable per outbox row, so a receiving server can recognise a repeated delivery."""
        return f"<{self.uuid}@{settings.NOTIFICATIONS_MESSAGE_ID_DOMAIN}>"


class OutboundSms(models.Model):
    """One notification text message in the outbox: the same life as an e-mail (queued in the
    caller's transaction, delivered once by a task, retried with backoff, swept when lost).

    Only the template name and plain values are kept, never a token or a link with a secret: the
    text is rendered by the worker, in the recipient's language.
    """

    Status = OutboundEmail.Status

    to = models.CharField(_("mobile number"), max_length=16)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    template = models.CharField(_("template"), max_length=100)
    context = models.JSONField(_("context"), default=dict, blank=True)
    body = models.TextField(_("text sent"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Given to the gateway as the message's reference, so it can drop a repeated delivery.
    uuid = models.UUIDField(_("unique identifier"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("outbound text message")
        verbose_name_plural = _("outbound text messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notif_sms_pending_due_idx",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to}"
