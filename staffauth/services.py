"""Staff second factor: an authenticator app (TOTP), one-time backup codes, a lock on wrong codes.

Each staff member has one confirmed TOTP device (django-otp's otp_totp) and one static device
holding their backup codes (otp_static). Backup codes are stored as keyed hashes, so the database
alone does not give them away.

Wrong codes of either kind are counted on the devices themselves (django-otp's throttling fields;
its own back-off is off in settings). STAFF_OTP_FAILURE_LIMIT wrong codes in a row lock the
second step for STAFF_OTP_LOCKOUT, and once locked every further wrong code locks it again, so a
guesser gets one try per lock-out period. A right code clears the count.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.forms import otp_verification_failed
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.identifiers import to_ascii_digits

logger = logging.getLogger(__name__)

TOTP_DEVICE_NAME = "authenticator"
BACKUP_DEVICE_NAME = "backup codes"
# Lower-case letters and digits nobody confuses when copying them (no 0/o, 1/l/i): ~49 bits.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
BACKUP_CODE_LENGTH = 10
TOTP_CODE_LENGTH = 6
_SEPARATORS = str.maketrans("", "", " -\u00a0\u200e\u200f")


class SecondFactorLocked(Exception):
    """Too many wrong codes: no code is even checked until `until`."""

    def __init__(self, until: datetime):
        super().__init__(until)
        self.until = until


def code_normalize(code: str) -> str:
    """The code as compared: ASCII digits, lower case, without the spaces or dashes people type."""
    return to_ascii_digits(code).lower().translate(_SEPARATORS)


def code_is_totp(code: str) -> bool:
    return len(code) == TOTP_CODE_LENGTH and code.isascii() and code.isdigit()


def backup_code_digest(code: str) -> str:
    """What is stored for a backup code: an HMAC keyed from SECRET_KEY, cut to the 16 characters
    otp_static's token column holds (64 bits)."""
    digest = salted_hmac("staffauth.backup-code", code_normalize(code), algorithm="sha256")
    return digest.hexdigest()[:16]


def lock_until(devices: list[Device]) -> datetime | None:
    """When the second step opens again, if these (one user's) devices are locked now."""
    failures = sum(device.throttling_failure_count for device in devices)
    if failures < settings.STAFF_OTP_FAILURE_LIMIT:
        return None
    last = max(
        (d.throttling_failure_timestamp for d in devices if d.throttling_failure_timestamp),
        default=None,
    )
    if last is None:
        return None
    until = last + settings.STAFF_OTP_LOCKOUT
    return until if until > timezone.now() else None


def _devices_for_update(user) -> list[Device]:
    # Row locks for the rest of the transaction: simultaneous attempts are checked and counted one
    # after another, so a burst of guesses cannot all slip in under the limit (PostgreSQL; SQLite
    # runs one writer at a time anyway).
    totp = TOTPDevice.objects.select_for_update().filter(user=user).order_by("pk")
    static = StaticDevice.objects.select_for_update().filter(user=user).order_by("pk")
    return [*totp, *static]


def _raise_if_locked(devices: list[Device]) -> None:
    until = lock_until(devices)
    if until is not None:
        raise SecondFactorLocked(until)


def _failed(user, devices: list[Device], *, counted: bool) -> None:
    if not counted and devices:
        devices[0].throttle_increment()
    otp_verification_failed.send(sender=second_factor_verify, user=user)
    if lock_until(devices) is not None:
        logger.warning("staff second factor: locked for user %s after wrong codes", user.pk)


def _throttles_reset(devices: list[Device]) -> None:
    for device in devices:
        if device.throttling_failure_count:
            device.throttle_reset()


@transaction.atomic
def second_factor_verify(*, user, code: str) -> Device | None:
    """The device that accepts `code`, a TOTP code or an unused backup code (used up now), or
    None, counting a wrong code. Raises SecondFactorLocked while too many were wrong."""
    devices = _devices_for_update(user)
    _raise_if_locked(devices)
    code = code_normalize(code)
    if code_is_totp(code):
        kind, token = TOTPDevice, code
    else:
        kind, token = StaticDevice, backup_code_digest(code)
    candidates = [d for d in devices if isinstance(d, kind) and d.confirmed]
    for device in candidates:
        if device.verify_token(token):
            _throttles_reset(devices)
            return device
    # verify_token counted the failure on each device it tried.
    _failed(user, devices, counted=bool(candidates))
    return None


def totp_device_for_setup(*, user) -> TOTPDevice:
    """The not yet confirmed authenticator the set-up page shows: kept, so that reloading the page
    shows the same key as the one already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device_id: int, code: str) -> list[str] | None:
    """Confirm the set-up authenticator with a code it shows, making it the user's only one.

    Returns the user's new backup codes (the only time they are ever readable), or None for a
    wrong code (counted). Raises SecondFactorLocked while too many were wrong."""
    devices = _devices_for_update(user)
    _raise_if_locked(devices)
    pending = next(
        (d for d in devices if isinstance(d, TOTPDevice) and d.pk == device_id and not d.confirmed),
        None,
    )
    if pending is None or not pending.verify_token(code_normalize(code)):
        _failed(user, devices, counted=pending is not None)
        return None
    _throttles_reset(devices)
    pending.confirmed = True
    pending.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
    return backup_codes_replace(user=user)


def _backup_code_new() -> str:
    return "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _ in range(BACKUP_CODE_LENGTH))


def backup_code_display(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


@transaction.atomic
def backup_codes_replace(*, user) -> list[str]:
    """A new set of backup codes for `user`, replacing any earlier set; returned as shown."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [_backup_code_new() for _ in range(settings.STAFF_OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=backup_code_digest(code)) for code in codes
    )
    return [backup_code_display(code) for code in codes]
