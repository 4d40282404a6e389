"""Reads about users."""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts import tokens
from accounts.models import EmailChange, User


def users_for_password_reset(*, email: str) -> list[User]:
    """Active accounts with a password that use `email`, compared as Django's reset form does
    (case-insensitively, Unicode-normalised, so a look-alike address matches no one else's)."""
    candidates: QuerySet[User] = User.objects.filter(email__iexact=email, is_active=True)
    wanted = _casefold(email)
    return [
        user
        for user in candidates
        if user.has_usable_password() and _casefold(user.email) == wanted
    ]


def _casefold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def email_change_pending(*, user: User) -> EmailChange | None:
    """The change of address `user` asked for and may still confirm: their latest request, not yet
    confirmed, not older than EMAIL_CHANGE_TIMEOUT, made while the account had the address it
    has now (a change confirmed or made in the admin since then retires it)."""
    latest = user.email_changes.order_by("-created_at", "-pk").first()
    if latest is None or latest.confirmed_at is not None or latest.old_email != user.email:
        return None
    if latest.created_at < timezone.now() - timedelta(seconds=settings.EMAIL_CHANGE_TIMEOUT):
        return None
    return latest


def email_change_from_token(*, token: str) -> EmailChange | None:
    """The change a confirmation link names (whoever it belongs to), or None for a link we did not
    sign or that is too old."""
    change_id = tokens.email_change_id(token)
    if change_id is None:
        return None
    return EmailChange.objects.filter(pk=change_id).first()
