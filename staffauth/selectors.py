"""Reads for the staff second factor."""

from __future__ import annotations

from datetime import datetime

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staffauth.services import lock_until


def user_has_authenticator(user) -> bool:
    """Whether `user` finished setting up an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_locked_until(user) -> datetime | None:
    """When the second step opens again for `user`, if too many wrong codes locked it."""
    devices = [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]
    return lock_until(devices)
