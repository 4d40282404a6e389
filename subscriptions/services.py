"""Writes of subscription requests: submitting, approving, rejecting, activating the account."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.models import Establishment
from audit.services import AuditAction, audit_record
from muqeem.numbering import yearly_number_next
from notifications.services import email_queue
from notifications.sms import sms_queue
from subscriptions.models import SubscriptionNumberCounter, SubscriptionRequest
from subscriptions.tokens import activation_token_generator

User = get_user_model()

NUMBER_PREFIX = "SUB"

DUPLICATE_MOBILE = _(
    "A subscription request with this mobile number is already under review: %(number)s. "
    "Check its status instead of sending a new one."
)
DUPLICATE_EMAIL = _(
    "A subscription request with this e-mail address is already under review: %(number)s. "
    "Check its status instead of sending a new one."
)
DUPLICATE_UNIFIED_NUMBER = _(
    "A subscription request for this unified national number is already under review: %(number)s."
)
ACCOUNT_EXISTS = _(
    "An account with this national ID or iqama number already exists. Log in instead, or reset "
    "your password if you forgot it."
)
ESTABLISHMENT_EXISTS = _(
    "An establishment with this unified national number is already registered."
)
ALREADY_IN_ESTABLISHMENT = _(
    "Your account already belongs to an establishment, so it cannot request another one."
)
NOT_PENDING = _("Request %(number)s has already been decided.")
REASON_REQUIRED = _("Enter the reason for the rejection; it is sent to the applicant.")


def subscription_number_next(*, now=None) -> str:
    """The next request number of the current year, e.g. SUB-2026-000123 (inside a transaction)."""
    return yearly_number_next(
        counter=SubscriptionNumberCounter, prefix=NUMBER_PREFIX, digits=6, now=now
    )


def _pending_duplicates(
    *, mobile: str, email: str, unified_number: str = ""
) -> dict[str, ValidationError]:
    """Errors, by form field, for each pending request that already uses one of these values."""
    match = Q(mobile=mobile) | Q(email=email)
    if unified_number:
        match |= Q(unified_number=unified_number)
    errors: dict[str, ValidationError] = {}
    pending = SubscriptionRequest.objects.filter(match, status=SubscriptionRequest.Status.PENDING)
    for number, dup_mobile, dup_email, dup_unified in pending.values_list(
        "number", "mobile", "email", "unified_number"
    ):
        params = {"number": number}
        if dup_mobile == mobile:
            errors.setdefault("mobile", ValidationError(DUPLICATE_MOBILE, "duplicate", params))
        if dup_email == email:
            errors.setdefault("email", ValidationError(DUPLICATE_EMAIL, "duplicate", params))
        if unified_number and dup_unified == unified_number:
            errors.setdefault(
                "unified_number", ValidationError(DUPLICATE_UNIFIED_NUMBER, "duplicate", params)
            )
    return errors


def _submit(*, fields: dict, unified_number: str = "") -> SubscriptionRequest:
    """Store a new pending request and queue its acknowledgement; refuse duplicates by name."""
    email = fields["email"].strip().lower()
    mobile = fields["mobile"]
    try:
        with transaction.atomic():
            # The number first: its lock serialises submissions, so the duplicate check below sees
            # every request committed before this one (the partial unique indexes back it up).
            number = subscription_number_next()
            errors = _pending_duplicates(mobile=mobile, email=email, unified_number=unified_number)
            if errors:
                raise ValidationError(errors)
            subscription_request = SubscriptionRequest(
                **{**fields, "email": email}, unified_number=unified_number, number=number
            )
            # The database enforces the unique number and the constraints: skip their queries.
            subscription_request.full_clean(validate_unique=False, validate_constraints=False)
            subscription_request.save()
            email_queue(
                to=subscription_request.email,
                template="subscriptions/received",
                context=_email_context(subscription_request),
                language=subscription_request.language,
            )
            _sms_queue(subscription_request, "subscriptions/received")
    except IntegrityError:
        # A duplicate got in between the check and the insert (only possible if the counter lock
        # were bypassed): the transaction is gone, name the request that won, from a fresh query.
        errors = _pending_duplicates(mobile=mobile, email=email, unified_number=unified_number)
        if not errors:
            raise
        raise ValidationError(errors) from None
    return subscription_request


def _sms_queue(subscription_request: SubscriptionRequest, template: str) -> None:
    """The SMS beside each e-mail to the applicant: the number only, never a link or a token."""
    sms_queue(
        to=subscription_request.mobile,
        template=template,
        context={"number": subscription_request.number},
        language=subscription_request.language,
    )


def _email_context(subscription_request: SubscriptionRequest) -> dict:
    return {
        "number": subscription_request.number,
        "full_name": subscription_request.full_name,
        "company_name": subscription_request.company_name,
        "kind": subscription_request.kind,
        "status_path": reverse("subscriptions:status"),
    }


def subscription_request_submit_individual(
    *,
    company_name: str,
    full_name: str,
    national_id: str,
    city: str,
    mobile: str,
    email: str,
    language: str,
) -> SubscriptionRequest:
    """An individual (not logged in) asks for an account."""
    if User.objects.filter(national_id=national_id).exists():
        raise ValidationError({"national_id": ValidationError(ACCOUNT_EXISTS, "account_exists")})
    return _submit(
        fields={
            "kind": SubscriptionRequest.Kind.INDIVIDUAL,
            "company_name": company_name,
            "full_name": full_name,
            "national_id": national_id,
            "city": city,
            "mobile": mobile,
            "email": email,
            "language": language,
        }
    )


def subscription_request_submit_establishment(
    *,
    requester,
    company_name: str,
    city: str,
    mobile: str,
    email: str,
    unified_number: str,
    language: str,
) -> SubscriptionRequest:
    """A logged-in user asks to register their establishment; they become its primary user."""
    if requester.establishment_id is not None:
        raise ValidationError(ALREADY_IN_ESTABLISHMENT, code="already_in_establishment")
    if Establishment.objects.filter(unified_number=unified_number).exists():
        raise ValidationError(
            {"unified_number": ValidationError(ESTABLISHMENT_EXISTS, "establishment_exists")}
        )
    return _submit(
        fields={
            "kind": SubscriptionRequest.Kind.ESTABLISHMENT,
            "requester": requester,
            "company_name": company_name,
            "full_name": requester.full_name or requester.username,
            "national_id": requester.national_id or "",
            "city": city,
            "mobile": mobile,
            "email": email,
            "language": language,
        },
        unified_number=unified_number,
    )


def _lock_pending(subscription_request: SubscriptionRequest) -> SubscriptionRequest:
    locked = SubscriptionRequest.objects.select_for_update().get(pk=subscription_request.pk)
    if not locked.is_pending:
        raise ValidationError(NOT_PENDING, code="not_pending", params={"number": locked.number})
    return locked


def activation_path(user) -> str:
    """The one-time link to set the first password: valid until used (the token covers the password
    hash) or until PASSWORD_RESET_TIMEOUT passes."""
    return reverse(
        "subscriptions:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": activation_token_generator.make_token(user),
        },
    )


def subscription_request_approve(
    *, subscription_request: SubscriptionRequest, decided_by
) -> SubscriptionRequest:
    """Approve: create the account (inactive, no password, activation link by e-mail) for an
    individual; for an establishment, create it with the requester as its primary user."""
    with transaction.atomic():
        locked = _lock_pending(subscription_request)
        if locked.kind == SubscriptionRequest.Kind.INDIVIDUAL:
            if User.objects.filter(
                Q(national_id=locked.national_id) | Q(username=locked.national_id)
            ).exists():
                raise ValidationError(ACCOUNT_EXISTS, code="account_exists")
            user = User(
                username=locked.national_id,
                full_name=locked.full_name,
                national_id=locked.national_id,
                mobile=locked.mobile,
                email=locked.email,
                preferred_language=locked.language,
                is_active=False,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            locked.user = user
            template = "subscriptions/approved_activate"
            extra = {
                "username": user.username,
                "activation_path": activation_path(user),
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            }
        else:
            requester = User.objects.select_for_update().get(pk=locked.requester_id)
            if requester.establishment_id is not None:
                raise ValidationError(ALREADY_IN_ESTABLISHMENT, code="already_in_establishment")
            if Establishment.objects.filter(unified_number=locked.unified_number).exists():
                raise ValidationError(ESTABLISHMENT_EXISTS, code="establishment_exists")
            establishment = Establishment(
                name=locked.company_name,
                unified_number=locked.unified_number,
                city=locked.city,
                primary_user=requester,
            )
            establishment.full_clean()
            establishment.save()
            requester.establishment = establishment
            requester.save(update_fields=["establishment"])
            locked.user = requester
            locked.establishment = establishment
            template = "subscriptions/approved_establishment"
            extra = {"username": requester.get_username(), "login_path": reverse("accounts:login")}
        locked.status = SubscriptionRequest.Status.APPROVED
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        locked.save(
            update_fields=[
                "status",
                "decided_by",
                "decided_at",
                "user",
                "establishment",
                "updated_at",
            ]
        )
        audit_record(
            action=AuditAction.APPROVED,
            actor=decided_by,
            target=locked,
            changes={
                "status": (SubscriptionRequest.Status.PENDING, locked.status),
                "user": (None, locked.user),
            },
        )
        email_queue(
            to=locked.email,
            template=template,
            context={**_email_context(locked), **extra},
            language=locked.language,
        )
        _sms_queue(locked, "subscriptions/approved")
    return locked


def subscription_request_reject(
    *, subscription_request: SubscriptionRequest, decided_by, reason: str
) -> SubscriptionRequest:
    """Reject with a reason, which is e-mailed to the applicant."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(REASON_REQUIRED, "required")})
    with transaction.atomic():
        locked = _lock_pending(subscription_request)
        locked.status = SubscriptionRequest.Status.REJECTED
        locked.rejection_reason = reason
        locked.decided_by = decided_by
        locked.decided_at = timezone.now()
        locked.save(
            update_fields=["status", "rejection_reason", "decided_by", "decided_at", "updated_at"]
        )
        audit_record(
            action=AuditAction.REJECTED,
            actor=decided_by,
            target=locked,
            changes={
                "status": (SubscriptionRequest.Status.PENDING, locked.status),
                "rejection_reason": ("", reason),
            },
        )
        email_queue(
            to=locked.email,
            template="subscriptions/rejected",
            context={**_email_context(locked), "reason": reason},
            language=locked.language,
        )
        _sms_queue(locked, "subscriptions/rejected")
    return locked


def account_activate(*, user, password: str):
    """Set the first password of an account created by an approval and switch it on. Setting the
    password changes the hash the activation token was made from, so the link works only once."""
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    return user
