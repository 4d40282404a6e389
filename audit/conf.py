"""Settings of the audit log, read when used so tests and deployments can change them."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# NCA ECC 2-12-3: event logs of privileged accounts are kept at least 12 months.
RETENTION_MINIMUM = timedelta(days=365)
RETENTION_DEFAULT = timedelta(days=400)


def retention() -> timedelta:
    """How long entries are kept (AUDIT_RETENTION). Never less than a year: a lower setting is
    refused here as well as by the system check, so a worker started without the check still
    deletes nothing younger."""
    value = getattr(settings, "AUDIT_RETENTION", RETENTION_DEFAULT)
    if not isinstance(value, timedelta):
        raise ImproperlyConfigured("AUDIT_RETENTION must be a datetime.timedelta.")
    if value < RETENTION_MINIMUM:
        raise ImproperlyConfigured(
            f"AUDIT_RETENTION is {value.days} days; the audit log is kept at least "
            f"{RETENTION_MINIMUM.days} days."
        )
    return value
