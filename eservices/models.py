"""E-services of an establishment: its residents, its balance, the visas and renewals it pays for.

The rules that decide whether a service may be given live in `eservices/services.py`; the models
only hold the facts those rules read.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import identifiers
from core.models import TimeStampedModel


class Service(models.TextChoices):
    """The e-services a user may be allowed to use. The value travels into Tawasul incidents."""

    EXIT_REENTRY_VISA = "exit_reentry_visa", _("Exit and re-entry visa")
    IQAMA_RENEWAL = "iqama_renewal", _("Iqama renewal")


class Nationality(models.TextChoices):
    INDIAN = "IN", _("Indian")
    PAKISTANI = "PK", _("Pakistani")
    BANGLADESHI = "BD", _("Bangladeshi")
    EGYPTIAN = "EG", _("Egyptian")
    FILIPINO = "PH", _("Filipino")
    YEMENI = "YE", _("Yemeni")
    SUDANESE = "SD", _("Sudanese")
    INDONESIAN = "ID", _("Indonesian")
    NEPALI = "NP", _("Nepali")
    SRI_LANKAN = "LK", _("Sri Lankan")
    JORDANIAN = "JO", _("Jordanian")
    SYRIAN = "SY", _("Syrian")
    OTHER = "XX", _("Other")


def validate_iqama_number(value: str) -> None:
    """A resident's iqama: a valid ten-digit identifier that starts with 2 (1 is for citizens)."""
    # isascii: str.isdigit() also accepts Arabic-Indic digits, which must be normalised first.
    valid = value.isascii() and identifiers.national_id_is_valid(value)
    if not valid or not value.startswith("2"):
        raise ValidationError(
            _("Enter a valid iqama number: 10 digits starting with 2."), code="invalid"
        )


class EstablishmentAccount(TimeStampedModel):
    """The establishment's prepaid balance in the e-services, from which every fee is taken."""

    establishment = models.OneToOneField(
        "accounts.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.CASCADE,
        related_name="eservices_account",
    )
    balance = models.DecimalField(
        _("balance (SAR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )

    class Meta:
        verbose_name = _("establishment account")
        verbose_name_plural = _("establishment accounts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0), name="eservices_account_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.establishment)


class Resident(TimeStampedModel):
    """An expatriate sponsored by an establishment."""

    establishment = models.ForeignKey(
        "accounts.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        related_name="residents",
    )
    iqama_number = models.CharField(
        _("iqama number"), max_length=10, unique=True, validators=[validate_iqama_number]
    )
    full_name = models.CharField(_("full name"), max_length=150)
    nationality = models.CharField(_("nationality"), max_length=2, choices=Nationality.choices)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20)
    passport_expiry = models.DateField(_("passport expiry date"))
    iqama_expiry = models.DateField(_("iqama expiry date"))
    is_outside_kingdom = models.BooleanField(_("outside the Kingdom"), default=False)
    traffic_violations_amount = models.DecimalField(
        _("outstanding traffic violations (SAR)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    dependants_count = models.PositiveSmallIntegerField(
        _("dependants"),
        default=0,
        help_text=_(
            "Family members on the resident's iqama: the dependants levy is paid at renewal."
        ),
    )

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["establishment", "full_name"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.iqama_number})"


class Visa(TimeStampedModel):
    """An exit and re-entry visa issued to a resident."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Exit and re-entry, single")
        MULTIPLE = "multiple", _("Exit and re-entry, multiple")

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        USED = "used", _("Used")
        CANCELLED = "cancelled", _("Cancelled")

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="visas"
    )
    kind = models.CharField(_("visa type"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ISSUED
    )
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    valid_until = models.DateField(_("valid until"))
    fee = models.DecimalField(_("fee (SAR)"), max_digits=10, decimal_places=2)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exit and re-entry visa")
        verbose_name_plural = _("exit and re-entry visas")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class IqamaRenewal(TimeStampedModel):
    """An iqama renewal paid by the establishment."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="renewals"
    )
    years = models.PositiveSmallIntegerField(_("years"))
    previous_expiry = models.DateField(_("previous expiry date"))
    new_expiry = models.DateField(_("new expiry date"))
    fee = models.DecimalField(_("fee (SAR)"), max_digits=10, decimal_places=2)
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("renewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("iqama renewal")
        verbose_name_plural = _("iqama renewals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.resident.iqama_number} → {self.new_expiry}"


class ServicePermission(TimeStampedModel):
    """A sub-user may use a service only when granted it. Primary users may use every service."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="service_permissions",
    )
    service = models.CharField(_("service"), max_length=50, choices=Service.choices)

    class Meta:
        verbose_name = _("service permission")
        verbose_name_plural = _("service permissions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "service"], name="eservices_one_grant_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_service_display()}"
