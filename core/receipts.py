"""Receipts to keep: a Django template drawn as an Arabic PDF, with a QR code to a page of the
portal. Each app keeps only its template (extending templates/receipts/base.html) and the view that
decides who may have it.

WeasyPrint lays the page out with Pango/HarfBuzz (Arabic shaping, right to left) in the portal's
own font, IBM Plex Sans Arabic from static/vendor. The vendored font comes as two woff2 subsets
(Arabic, Latin) with the same internal name; WeasyPrint would take them for one font and mix up
their glyph-to-text maps (the PDF's text would read wrong), so they are merged once into one TTF
under var/fonts/.
"""

import functools
import threading
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

FONT_DIR = "vendor/ibm-plex-sans-arabic/files"
WEIGHTS = (400, 700)
_font_lock = threading.Lock()


@functools.cache
def receipt_font(weight: int) -> Path:
    """IBM Plex Sans Arabic of this weight, Arabic and Latin in one TTF (made once, then kept)."""
    target = settings.VAR_DIR / "fonts" / f"ibm-plex-sans-arabic-{weight}.ttf"
    with _font_lock:
        if not target.exists():
            # Imported here: only receipts need fontTools, and it is slow to import.
            from fontTools.merge import Merger
            from fontTools.ttLib import TTFont

            target.parent.mkdir(parents=True, exist_ok=True)
            parts = []
            for subset in ("arabic", "latin"):
                source = finders.find(
                    f"{FONT_DIR}/ibm-plex-sans-arabic-{subset}-{weight}-normal.woff2"
                )
                font = TTFont(source)
                font.flavor = None
                part = target.with_suffix(f".{subset}.ttf")
                font.save(part)
                parts.append(str(part))
            merged = Merger().merge(parts)
            temporary = target.with_suffix(".tmp")
            merged.save(temporary)
            temporary.replace(target)  # atomic: a concurrent reader never sees half a font
            for part in parts:
                Path(part).unlink(missing_ok=True)
    return target


def qr_png_data_uri(url: str) -> str:
    # PNG, not SVG: an image a phone camera and a test decoder both read from the PDF.
    return segno.make(url, error="m").png_data_uri(scale=8, border=4)


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango through cffi, which only receipts need.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def receipt_pdf(*, template_name: str, context: dict[str, Any], qr_url: str) -> bytes:
    """`template_name` (a Django template extending receipts/base.html) as a PDF in the active
    language, in the portal's font; its QR code opens `qr_url`."""
    html = render_to_string(
        template_name,
        {
            **context,
            "qr_url": qr_url,
            "qr": qr_png_data_uri(qr_url),
            "fonts": {weight: receipt_font(weight).as_uri() for weight in WEIGHTS},
        },
    )
    return html_to_pdf(html)
