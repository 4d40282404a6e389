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


def pdf_max_pages() -> int:
    # Checking a PDF walks every page: 95,000 pages cost 6 s and 300 MB per file. Scans and forms
    # sent to support are a few pages; 500 leaves room for a whole contract or passport book.
    return getattr(settings, "TAWASUL_PDF_MAX_PAGES", 500)


def pdf_max_objects() -> int:
    # Objects a PDF check may read (pages, annotations, form fields, bookmarks, actions). Each costs
    # about 0.1 ms and 3 KB: 10,000 bound a crafted file (100,000 links in 10 MB took 9 s and
    # 340 MB) to about a second, and leave room for a 500-page report with a dozen links a page.
    return getattr(settings, "TAWASUL_PDF_MAX_OBJECTS", 10_000)
