"""Writes about users: their profile, their language, their password-reset e-mail."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import Language, User
from accounts.selectors import users_for_password_reset
from notifications.models import OutboundEmail
from notifications.services import email_queue

logger = logging.getLogger(__name__)

PASSWORD_RESET_TEMPLATE = "accounts/password_reset"  # noqa: S105 - a template name


@transaction.atomic
def user_update_profile(*, user: User, mobile: str, email: str, preferred_language: str) -> User:
    """Change how a user is reached and which language the portal and e-mails use for them."""
    user.mobile = mobile
    user.email = email
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["mobile", "email", "preferred_language"])
    return user


def user_set_preferred_language(*, user: User, language: str) -> bool:
    """Remember the language a user switched to, so e-mails follow them. True when it changed."""
    if language not in Language.values or user.preferred_language == language:
        return False
    user.preferred_language = language
    # One column, validated by the check above: no full_clean, which would also re-check unrelated
    # fields (a legacy row with an odd mobile must not stop someone switching language).
    user.save(update_fields=["preferred_language"])
    return True


def user_password_reset_link(*, user: User) -> str:
    """The absolute, single-use link that lets `user` choose a new password."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def user_password_reset_email_queue(*, user: User) -> OutboundEmail:
    """Queue the password-reset e-mail in the user's language, through the outbox."""
    return email_queue(
        to=user.email,
        template=PASSWORD_RESET_TEMPLATE,
        context={
            "full_name": user.full_name or user.username,
            "username": user.username,
            "reset_url": user_password_reset_link(user=user),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        language=user.preferred_language,
    )


def user_password_reset_request(*, email: str) -> None:
    """Someone asked for a reset link for `email`. The web request only hands the address to the
    worker: it never looks the address up, so a known and an unknown address cost it the same
    (no timing tells whether an account exists). With the broker down the work is done here, so
    the person still gets their e-mail; only then can the two take different times."""
    from accounts.tasks import password_reset_emails_queue  # imported here: tasks import us

    try:
        password_reset_emails_queue.delay(email)
    except (BrokerError, OSError) as exc:
        logger.warning("Broker unreachable (%s); password-reset request handled in-process", exc)
        user_password_reset_emails_queue(email=email)


@transaction.atomic
def user_password_reset_emails_queue(*, email: str) -> int:
    """Queue the reset e-mail for every account using `email`; return how many."""
    users = users_for_password_reset(email=email)
    for user in users:
        user_password_reset_email_queue(user=user)
    return len(users)
