"""Writes of subscription requests: submitting, approving, rejecting, activating the account."""

from __future__ import annotations

from datetime import timedelta

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
from core.numbering import yearly_number_next
from notifications.links import LinkUnavailable, email_link
from notifications.selectors import email_queued_since
from notifications.services import email_queue
from notifications.sms import sms_queue
from subscriptions.models import SubscriptionNumberCounter, SubscriptionRequest
from subscriptions.tokens import activation_token_generator

User = get_user_model()

NUMBER_PREFIX = "SUB"
ACTIVATION_LINK = "subscriptions.activation"  # its builder: account_activation_path
# E-mails that anyone can trigger with someone else's details (a second request with their mobile
# number, a request with their national ID) go to the address on file at most once in this time.
NOTICE_INTERVAL = timedelta(hours=1)
ALREADY_PENDING_TEMPLATE = "subscriptions/already_pending"
ACCOUNT_EXISTS_TEMPLATE = "subscriptions/account_exists"

# What the form says when the details are already used: never which request or account, nor its
# number (whoever typed someone else's mobile number would learn it); that goes by e-mail to the
# address on file.
ALREADY_PENDING = _(
    "A subscription request with these details is already under review. We have sent its number "
    "to the e-mail address given in it, so that its sender can check its status; there is no need "
    "to send another one."
)
ACCOUNT_ALREADY_EXISTS = _(
    "An account with these details already exists. If it is yours, log in, or reset your password "
    "from the log-in page; we have also written to the e-mail address of the account."
)
# Shown to staff approving a request.
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
) -> list[SubscriptionRequest]:
    """The pending requests that already use one of these values."""
    match = Q(mobile=mobile) | Q(email=email)
    if unified_number:
        match |= Q(unified_number=unified_number)
    pending = SubscriptionRequest.objects.filter(match, status=SubscriptionRequest.Status.PENDING)
    return list(pending.only("pk", "number", "email", "language"))


def _notice_queue(*, to: str, template: str, context: dict, language: str) -> None:
    """Queue a notice that a stranger can trigger, unless one went to `to` within NOTICE_INTERVAL
    (so the forms cannot flood anyone's inbox). Its own transaction: it is kept although the
    request that triggered it is refused."""
    with transaction.atomic():
        if email_queued_since(to=to, template=template, since=timezone.now() - NOTICE_INTERVAL):
            return
        email_queue(to=to, template=template, context=context, language=language)


def _refuse_duplicates(duplicates: list[SubscriptionRequest]) -> ValidationError:
    """Send each pending request's number to its own e-mail address; say only that one exists."""
    for pending in duplicates:
        _notice_queue(
            to=pending.email,
            template=ALREADY_PENDING_TEMPLATE,
            context={"number": pending.number, "status_path": reverse("subscriptions:status")},
            language=pending.language,
        )
    return ValidationError(ALREADY_PENDING, code="already_pending")


def _submit(*, fields: dict, unified_number: str = "") -> SubscriptionRequest:
    """Store a new pending request and queue its acknowledgement; refuse duplicates."""
    email = fields["email"].strip().lower()
    mobile = fields["mobile"]
    try:
        with transaction.atomic():
            # The number first: its lock serialises submissions, so the duplicate check below sees
            # every request committed before this one (the partial unique indexes back it up).
            number = subscription_number_next()
            duplicates = _pending_duplicates(
                mobile=mobile, email=email, unified_number=unified_number
            )
            if duplicates:
                transaction.set_rollback(True)  # the number is given back
            else:
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
        # were bypassed): the transaction is gone, find the request that won with a fresh query.
        duplicates = _pending_duplicates(mobile=mobile, email=email, unified_number=unified_number)
        if not duplicates:
            raise
    if duplicates:
        raise _refuse_duplicates(duplicates)
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
    # The applicant's address is not verified: nothing they typed (names, company name) goes into
    # the e-mails, which would otherwise carry anyone's text to anyone in the directorate's name.
    return {
        "number": subscription_request.number,
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
    account = (
        User.objects.filter(national_id=national_id)
        .only("email", "username", "preferred_language")
        .first()
    )
    if account is not None:
        if account.email:
            _notice_queue(
                to=account.email,
                template=ACCOUNT_EXISTS_TEMPLATE,
                context={
                    "username": account.username,
                    "login_path": reverse("accounts:login"),
                    "reset_path": reverse("accounts:password_reset"),
                },
                language=account.preferred_language,
            )
        raise ValidationError(ACCOUNT_ALREADY_EXISTS, code="account_exists")
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


def account_activation_path(*, user_id: int) -> str:
    """The one-time path to set the first password, with a token made now: the builder of
    ACTIVATION_LINK, called when the approval e-mail is sent. The token is valid until used (it
    covers the password hash and the active flag) or until PASSWORD_RESET_TIMEOUT passes. None is
    made for an account already activated: a link sent again must not reopen it."""
    user = User.objects.filter(pk=user_id, is_active=False).first()
    if user is None or user.has_usable_password():
        raise LinkUnavailable("the account is gone or already activated")
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
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            }
            # The account's id, not the link: the link and its token are made when it is sent.
            links = {"activation_url": email_link(ACTIVATION_LINK, user_id=user.pk)}
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
            links = {}
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
            links=links,
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
