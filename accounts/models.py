from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts import identifiers
from accounts.cities import City
from core.languages import Language
from core.models import TimeStampedModel


def validate_national_id(value: str) -> None:
    if not identifiers.national_id_is_valid(value):
        raise ValidationError(identifiers.INVALID_NATIONAL_ID, code="invalid")


def validate_e164_mobile(value: str) -> None:
    if identifiers.normalize_mobile(value) != value:
        raise ValidationError(identifiers.INVALID_MOBILE, code="invalid")


def validate_unified_number(value: str) -> None:
    if not identifiers.unified_number_is_valid(value):
        raise ValidationError(identifiers.INVALID_UNIFIED_NUMBER, code="invalid")


class User(AbstractUser):
    """A portal user: a resident or citizen, an establishment's user, or passport-office staff."""

    # first_name/last_name do not fit Arabic names (four parts, no fixed order): one full name.
    first_name = None
    last_name = None
    full_name = models.CharField(_("full name"), max_length=150)
    national_id = models.CharField(
        _("national ID / iqama number"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_national_id],
    )
    mobile = models.CharField(
        _("mobile number"), max_length=13, blank=True, validators=[validate_e164_mobile]
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    establishment = models.ForeignKey(
        "accounts.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.username

    @property
    def is_establishment_primary(self) -> bool:
        return self.establishment_id is not None and (self.establishment.primary_user_id == self.pk)


class Establishment(TimeStampedModel):
    """A company registered in Muqeem. Its primary user administers it; the others are sub-users."""

    name = models.CharField(_("establishment name"), max_length=200)
    unified_number = models.CharField(
        _("unified national number"),
        max_length=10,
        unique=True,
        validators=[validate_unified_number],
    )
    city = models.CharField(_("main-branch city"), max_length=32, choices=City.choices)
    primary_user = models.OneToOneField(
        User,
        verbose_name=_("primary user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administered_establishment",
    )

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmailChange(TimeStampedModel):
    """A user's request to receive the portal's e-mails at a new address.

    The address on the account changes only when the link sent to the new address is opened by
    the same user, logged in, within EMAIL_CHANGE_TIMEOUT; only the latest request of a user can be
    confirmed, and only once. The old address is told when the change is asked for.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="email_changes"
    )
    old_email = models.EmailField(_("old e-mail address"), blank=True)
    new_email = models.EmailField(_("new e-mail address"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail address change")
        verbose_name_plural = _("e-mail address changes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} → {self.new_email}"
