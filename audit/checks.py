from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from audit import conf


@register("audit")
def check_retention(app_configs=None, **kwargs) -> list[Error]:
    """`manage.py check` (and migrate, runserver, check --deploy) refuse a retention under a
    year."""
    try:
        conf.retention()
    except ImproperlyConfigured as exc:
        return [
            Error(
                str(exc),
                hint="Set AUDIT_RETENTION_DAYS to 365 or more (default 400).",
                id="audit.E001",
            )
        ]
    return []
