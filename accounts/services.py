"""Writes about users: their profile, their language, their password-reset e-mail."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.models import EmailChange, Language, User
from accounts.selectors import email_change_pending, users_for_password_reset
from notifications.links import LinkUnavailable, email_link
from notifications.models import OutboundEmail
from notifications.services import email_queue, task_publish

PASSWORD_RESET_TEMPLATE = "accounts/password_reset"  # noqa: S105 - a template name
EMAIL_CHANGE_CONFIRM_TEMPLATE = "accounts/email_change_confirm"
EMAIL_CHANGE_NOTICE_TEMPLATE = "accounts/email_change_notice"
EMAIL_CHANGE_LINK_INVALID = _(
    "This confirmation link cannot be used: it was used already, it has expired, or a newer "
    "change was asked for. Ask for the change again from your account page."
)
PASSWORD_RESET_LINK = "accounts.password_reset"  # noqa: S105 - a link kind (notifications.links)
EMAIL_CHANGE_LINK = "accounts.email_change"


@transaction.atomic
def user_update_profile(
    *, user: User, mobile: str, email: str, preferred_language: str
) -> EmailChange | None:
    """Change how a user is reached and which language the portal and e-mails use for them.

    The mobile number and the language change at once. A new e-mail address does not: it is asked
    for (see `user_email_change_request`) and returned, pending, to be confirmed from that address.
    The caller has checked the user's password before asking for a new address."""
    user.mobile = mobile
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["mobile", "preferred_language"])
    if email.casefold() == user.email.casefold():
        return None
    return user_email_change_request(user=user, new_email=email)


def user_email_change_request(*, user: User, new_email: str) -> EmailChange:
    """Ask for `user`'s e-mail to go to `new_email`: a confirmation link goes there, and the old
    address is told, so that a stolen session cannot move the account away unnoticed.

    The outbox rows keep the change's id, not the link: the link is signed when the e-mail is
    rendered (notifications.links, accounts/tokens.py)."""
    change = EmailChange(user=user, old_email=user.email, new_email=new_email)
    change.full_clean()
    change.save()
    context = {
        "full_name": user.full_name or user.username,
        "username": user.username,
        "new_email": new_email,
        "valid_hours": settings.EMAIL_CHANGE_TIMEOUT // 3600,
    }
    email_queue(
        to=new_email,
        template=EMAIL_CHANGE_CONFIRM_TEMPLATE,
        context=context,
        links={"confirm_url": email_link(EMAIL_CHANGE_LINK, change_id=change.pk)},
        language=user.preferred_language,
    )
    if user.email:
        email_queue(
            to=user.email,
            template=EMAIL_CHANGE_NOTICE_TEMPLATE,
            context=context,
            language=user.preferred_language,
        )
    return change


@transaction.atomic
def user_email_change_confirm(*, user: User, change: EmailChange) -> User:
    """The new address was reached: it becomes the account's. Once only, and only while the change
    is still `user`'s pending one."""
    EmailChange.objects.select_for_update().filter(
        pk=change.pk
    ).first()  # one confirmation at a time
    pending = email_change_pending(user=User.objects.get(pk=user.pk))
    if pending is None or pending.pk != change.pk:
        raise ValidationError(EMAIL_CHANGE_LINK_INVALID, code="invalid")
    user.email = pending.new_email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["email"])
    pending.confirmed_at = timezone.now()
    pending.save(update_fields=["confirmed_at", "updated_at"])
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


def user_password_reset_request(*, email: str) -> None:
    """Someone asked for a reset link for `email`. The web request only hands the address to the
    worker: it never looks the address up, so a known and an unknown address cost it the same
    (no timing tells whether an account exists). With the broker down the work is done here, so
    the person still gets their e-mail; only then can the two take different times."""
    from accounts.tasks import password_reset_emails_queue  # imported here: tasks import us

    handed_over = task_publish(
        password_reset_emails_queue, [email], what="password-reset request, handled in-process"
    )
    if not handed_over:
        user_password_reset_emails_queue(email=email)


@transaction.atomic
def user_password_reset_emails_queue(*, email: str) -> int:
    """Queue the reset e-mail for every account using `email`; return how many."""
    users = users_for_password_reset(email=email)
    for user in users:
        user_password_reset_email_queue(user=user)
    return len(users)
