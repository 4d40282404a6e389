"""Writes about users: their profile, their language, their password-reset e-mail."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Language, User
from notifications.links import LinkUnavailable, email_link
from notifications.models import OutboundEmail
from notifications.services import email_queue

PASSWORD_RESET_TEMPLATE = "accounts/password_reset"  # noqa: S105 - a template name
PASSWORD_RESET_LINK = "accounts.password_reset"  # noqa: S105 - a link kind (notifications.links)


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


def user_password_reset_path(*, user_id: int) -> str:
    """The single-use path that lets the user choose a new password, with a token made now: the
    builder of PASSWORD_RESET_LINK, called when the e-mail is sent. Only for a user who may still
    reset (the reset form's own rule: active, with a usable password)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        raise LinkUnavailable("the account is gone, inactive or without a password")
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def user_password_reset_email_queue(*, user: User) -> OutboundEmail:
    """Queue the password-reset e-mail in the user's language, through the outbox. The outbox row
    holds the user's id, not the link: the link and its token are made when it is sent."""
    return email_queue(
        to=user.email,
        template=PASSWORD_RESET_TEMPLATE,
        context={
            "full_name": user.full_name or user.username,
            "username": user.username,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        links={"reset_url": email_link(PASSWORD_RESET_LINK, user_id=user.pk)},
        language=user.preferred_language,
    )
