"""Signed links of accounts that are not Django's password-reset tokens."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

EMAIL_CHANGE_SALT = "accounts.email_change.confirm"


def email_change_confirm_path(change_id: int) -> str:
    """The path that confirms e-mail change `change_id`: signed (nobody can make one for another
    change without SECRET_KEY) and timed. The outbox's link builder for EMAIL_CHANGE_LINK
    (notifications.links): made when the e-mail is rendered, so the outbox row keeps only the
    change's id, never a usable link."""
    token = signing.dumps(change_id, salt=EMAIL_CHANGE_SALT)
    return reverse("accounts:email_change_confirm", kwargs={"token": token})


def email_change_id(token: str) -> int | None:
    """The change a link names, or None when it was not signed by us or is too old."""
    try:
        change_id = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_TIMEOUT
        )
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return change_id if isinstance(change_id, int) else None
