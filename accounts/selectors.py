"""Reads about users."""

import unicodedata

from django.db.models import QuerySet

from accounts.models import User


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
