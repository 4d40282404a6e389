"""A receipt to keep: a request's number and data as an Arabic PDF, with a QR code to its page.

WeasyPrint lays the page out with Pango/HarfBuzz (Arabic shaping, right to left) in the portal's
own font, IBM Plex Sans Arabic from static/vendor. The vendored font comes as two woff2 subsets
(Arabic, Latin) with the same internal name; WeasyPrint would take them for one font and mix up
their glyph-to-text maps (the PDF's text would read wrong), so they are merged once into one TTF
under var/fonts/.
"""

import functools
import threading
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from tawasul.models import TawasulRequest

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


def request_receipt_pdf(*, tawasul_request: TawasulRequest, status_url: str) -> bytes:
    """The receipt of a request, in the active language; its QR code opens `status_url`."""
    # Imported here: WeasyPrint loads Pango through cffi, which only receipts need.
    from weasyprint import HTML

    html = render_to_string(
        "tawasul/receipt_pdf.html",
        {
            "request_obj": tawasul_request,
            "status_url": status_url,
            "qr": qr_png_data_uri(status_url),
            "fonts": {weight: receipt_font(weight).as_uri() for weight in WEIGHTS},
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
