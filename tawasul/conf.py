"""Tawasul limits. Each can be set in the settings; these are the defaults stated on the forms."""

from django.conf import settings


def attachment_max_mb() -> int:
    return getattr(settings, "TAWASUL_ATTACHMENT_MAX_MB", 10)


def attachment_max_count() -> int:
    return getattr(settings, "TAWASUL_ATTACHMENT_MAX_COUNT", 5)


def image_max_pixels() -> int:
    # 40 megapixels covers any phone photo or scan; a decoded image that size is ~160 MB of RAM,
    # and nothing here decodes pixels anyway (only headers are read).
    return getattr(settings, "TAWASUL_IMAGE_MAX_PIXELS", 40_000_000)


def description_min_length() -> int:
    return getattr(settings, "TAWASUL_DESCRIPTION_MIN_LENGTH", 20)


def draft_max_age_days() -> int:
    return getattr(settings, "TAWASUL_DRAFT_MAX_AGE_DAYS", 7)
