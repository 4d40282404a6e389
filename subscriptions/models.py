from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.cities import City
from accounts.models import (
    Language,
    validate_e164_mobile,
    validate_national_id,
    validate_unified_number,
)
from core.models import TimeStampedModel


class SubscriptionRequest(TimeStampedModel):
    """A request to subscribe to Muqeem, from an individual (anonymous) or an establishment
    (logged in).

    Staff approve or reject it in the admin. Approval creates the account (and, for an
    establishment, the Establishment with its primary user); who decided and when stays on it.
    """

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        ESTABLISHMENT = "establishment", _("Establishment")

    class Status(models.TextChoices):
        PENDING = "pending", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    number = models.CharField(_("request number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    company_name = models.CharField(_("company name"), max_length=200)
    full_name = models.CharField(_("name"), max_length=150)
    national_id = models.CharField(
        _("national ID / iqama number"),
        max_length=10,
        blank=True,
        validators=[validate_national_id],
    )
    city = models.CharField(_("main-branch city"), max_length=32, choices=City.choices)
    mobile = models.CharField(_("mobile number"), max_length=13, validators=[validate_e164_mobile])
    # Stored lower-cased, so the one-pending-request rule cannot be dodged by changing the case.
    email = models.EmailField(_("e-mail address"))
    unified_number = models.CharField(
        _("unified national number"),
        max_length=10,
        blank=True,
        validators=[validate_unified_number],
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by (account)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subscription_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    establishment = models.ForeignKey(
        "accounts.Establishment",
        verbose_name=_("establishment created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("subscription request")
        verbose_name_plural = _("subscription requests")
        ordering = ["-created_at"]
        constraints = [
            # At most one pending request per mobile, e-mail and unified number. The service checks
            # first (to name the existing request); these stop concurrent duplicates on PostgreSQL.
            models.UniqueConstraint(
                fields=["mobile"],
                condition=Q(status="pending"),
                name="subs_one_pending_per_mobile",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending"),
                name="subs_one_pending_per_email",
            ),
            models.UniqueConstraint(
                fields=["unified_number"],
                condition=Q(status="pending") & ~Q(unified_number=""),
                name="subs_one_pending_per_unified",
            ),
            models.CheckConstraint(
                condition=Q(kind="individual", unified_number="")
                | (Q(kind="establishment") & ~Q(unified_number="") & Q(requester__isnull=False)),
                name="subs_kind_matches_fields",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="subs_status_created_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class SubscriptionNumberCounter(models.Model):
    """The last request number given out in a year. Its row is updated (and so locked) by each new
    request, which serialises number allocation on PostgreSQL as well as on SQLite."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("subscription number counter")
        verbose_name_plural = _("subscription number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
