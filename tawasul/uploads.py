"""Checking an uploaded document by what it contains, not by what it is called.

A file is accepted only when its first bytes say PDF, JPEG or PNG, the matching parser accepts it
(Pillow for images, pypdf for PDFs), and nothing else hides in it (HTML or script, a ZIP archive
appended, bytes after the image's end, active content in a PDF: see uploads_pdf). Files are read
in chunks from the temporary file Django streamed them to: memory stays flat whatever the size.
"""

import re
import warnings
from dataclasses import dataclass
from typing import IO

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError

from tawasul import conf
from tawasul.uploads_pdf import PdfRefused, pdf_check_structure

ALLOWED_TYPES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
ALLOWED_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png"}

CHUNK = 64 * 1024
# Markers of a second format hidden in the file. Matched case-insensitively, across chunk borders.
HOSTILE_MARKERS = (
    b"<script",
    b"<html",
    b"<!doctype",
    b"<svg",
    b"<iframe",
    b"<?php",
    b"javascript:",
    b"<body",
)
# Names of PDF actions and content that act, looked for in the raw bytes too: the structure walk
# (uploads_pdf) sees what pypdf parses, this sees objects a different reader might find (a stray
# object, a repaired cross-reference table). Names are matched after `#xx` escapes are decoded.
PDF_ACTIVE_MARKERS = (
    b"/javascript",
    b"/launch",
    b"/embeddedfile",
    b"/richmedia",
    b"/xfa",
    b"/gotoe",
    b"/importdata",
)
# Actions that leave the document: to another file (a Windows share leaks the reader's password
# hash) or posting the form's content somewhere.
PDF_LINK_MARKERS = (b"/gotor", b"/submitform")
# `#` and two hex digits stand for one byte in a PDF name: /J#61vaScript is /JavaScript.
PDF_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
# One entry of a cross-reference table: offset, generation, in use or free.
PDF_XREF_ENTRY = re.compile(rb"\d{10} \d{5} [nf]")
# pypdf reads every cross-reference entry when it opens a file (about 10 µs each): a 10 MB table
# of 500,000 entries cost 4 s before any page. Files are refused above this many entries per
# object a check may read; no scan or form sent to support comes near it.
PDF_XREF_ENTRIES_PER_OBJECT = 5

MESSAGES = {
    "too_big": _("«%(name)s» is larger than %(max_mb)s MB."),
    "empty": _("«%(name)s» is empty."),
    "extension": _("«%(name)s»: only PDF, JPEG or PNG files are accepted."),
    "type": _(
        "«%(name)s» is not a PDF, JPEG or PNG document (its content does not match); "
        "only these types are accepted."
    ),
    "hidden": _(
        "«%(name)s» contains hidden content (web page, script or archive) and was refused."
    ),
    "image_broken": _("«%(name)s» is a damaged or incomplete image."),
    "image_trailing": _(
        "«%(name)s» has extra data after the end of the image; "
        "please send a plain photo, scan or screenshot."
    ),
    "image_pixels": _(
        "«%(name)s» has too many pixels (more than %(max_mp)s megapixels); "
        "please send a smaller image."
    ),
    "pdf_broken": _("«%(name)s» is a damaged or incomplete PDF file."),
    "pdf_encrypted": _("«%(name)s» is protected by a password; please send it without one."),
    "pdf_active": _("«%(name)s» contains scripts or embedded files, which are not accepted."),
    "pdf_links": _(
        "«%(name)s» contains links or actions that open web pages or other files, or send form "
        "data; only links to its own pages are accepted. Print it to a new PDF and send that."
    ),
    "pdf_pages": ngettext_lazy(
        "«%(name)s» has more than %(max_pages)s page; please split it into smaller files.",
        "«%(name)s» has more than %(max_pages)s pages; please split it into smaller files.",
        "max_pages",
    ),
    "pdf_complex": _(
        "«%(name)s» is too complex to check (it has too many parts); "
        "print it to a new PDF and send that."
    ),
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed check_upload: only these reach the services that store files."""

    upload: UploadedFile
    name: str
    content_type: str
    size: int


def _max_bytes() -> int:
    return conf.attachment_max_mb() * 1024 * 1024


def _error(code: str, name: str) -> ValidationError:
    params = {
        "name": name,
        "max_mb": conf.attachment_max_mb(),
        "max_mp": conf.image_max_pixels() // 1_000_000,
        "max_pages": conf.pdf_max_pages(),
    }
    return ValidationError(MESSAGES[code], code=code, params=params)


def _decode_names(window: bytes) -> bytes:
    return PDF_NAME_ESCAPE.sub(lambda match: bytes.fromhex(match[1].decode()), window)


def _scan(stream: IO[bytes], markers: tuple[bytes, ...], *, pdf_names: bool = False) -> bytes:
    """The first marker found anywhere in the file, read chunk by chunk (b"" if none).

    Each chunk is read with the end of the one before, so a marker cut by the chunk border is seen
    whole; with `pdf_names`, after `#xx` escapes are decoded (an escaped marker is up to three
    times longer)."""
    stream.seek(0)
    longest = max(len(m) for m in markers) * (3 if pdf_names else 1)
    tail = b""
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        text = (_decode_names(window) if pdf_names else window).lower()
        for marker in markers:
            if marker in text:
                return marker
        tail = window[-(longest - 1) :]
    return b""


def _xref_entries_over(stream: IO[bytes], limit: int) -> bool:
    """True when the file's cross-reference tables list more than `limit` objects in all."""
    stream.seek(0)
    overlap = 17  # an entry is 18 bytes: one cut by the chunk border ends in the next window
    tail = b""
    count = 0
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        # Entries that end in the tail were counted with the chunk before.
        count += sum(1 for e in PDF_XREF_ENTRY.finditer(window) if e.end() > len(tail))
        if count > limit:
            return True
        tail = window[-overlap:]
    return False


def _read_tail(stream: IO[bytes], size: int, length: int) -> bytes:
    stream.seek(max(0, size - length))
    return stream.read(length)


def _check_image(stream: IO[bytes], name: str, content_type: str, size: int) -> None:
    tail = _read_tail(stream, size, 70 * 1024)
    # A ZIP archive is read from its end: an image with one appended is a polyglot.
    if b"PK\x05\x06" in tail:
        raise _error("hidden", name)
    # Anything after the image's end marker is a second file riding along (or a motion photo).
    trimmed = tail.rstrip(b"\x00")
    if content_type == "image/png" and not trimmed.endswith(b"IEND\xaeB`\x82"):
        raise _error("image_trailing" if b"IEND" in tail else "image_broken", name)
    if content_type == "image/jpeg" and not trimmed.endswith(b"\xff\xd9"):
        raise _error("image_trailing" if b"\xff\xd9" in tail else "image_broken", name)
    stream.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: treat the warning as a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Image.open reads the header only; the pixel count is checked before anything decodes.
            with Image.open(stream) as image:
                width, height = image.size
                if width * height > conf.image_max_pixels():
                    raise _error("image_pixels", name)
                if Image.MIME.get(image.format) != content_type:
                    raise _error("type", name)
                image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _error("image_pixels", name) from exc
        except ValidationError:
            raise
        except (
            Exception
        ) as exc:  # Pillow raises many types for broken files (OSError, SyntaxError…)
            raise _error("image_broken", name) from exc


def _check_pdf(stream: IO[bytes], name: str, size: int) -> None:
    if b"%%EOF" not in _read_tail(stream, size, 2048):
        raise _error("pdf_broken", name)
    found = _scan(stream, PDF_ACTIVE_MARKERS + PDF_LINK_MARKERS, pdf_names=True)
    if found:
        raise _error("pdf_links" if found in PDF_LINK_MARKERS else "pdf_active", name)
    max_entries = conf.pdf_max_objects() * PDF_XREF_ENTRIES_PER_OBJECT
    if _xref_entries_over(stream, max_entries):
        raise _error("pdf_complex", name)
    stream.seek(0)
    try:
        # Cross-reference streams are compressed: pypdf counts their entries as it reads them.
        reader = PdfReader(stream, strict=False, xref_stream_maximum_entries=max_entries)
        if reader.is_encrypted:
            raise _error("pdf_encrypted", name)
        # Reads every page's description (a truncated or forged file fails here) and every action.
        pdf_check_structure(
            reader, max_pages=conf.pdf_max_pages(), max_objects=conf.pdf_max_objects()
        )
    except PdfRefused as refused:
        raise _error(refused.code, name) from None
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        # pypdf reports its own limits wrapped in a read error ("Trailer cannot be read").
        limit = isinstance(exc, LimitReachedError) or isinstance(exc.__cause__, LimitReachedError)
        raise _error("pdf_complex" if limit else "pdf_broken", name) from exc
    except RecursionError as exc:
        raise _error("pdf_broken", name) from exc


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Accept a PDF, JPEG or PNG upload or raise a ValidationError with the Arabic reason.

    `upload` is Django's UploadedFile; it is read in chunks and left at position 0.
    """
    name = upload.name or ""
    size = upload.size or 0
    if size == 0:
        raise _error("empty", name)
    if size > _max_bytes():
        raise _error("too_big", name)
    dot = name.rfind(".")
    if dot < 0 or name[dot:].lower() not in ALLOWED_EXTENSIONS:
        raise _error("extension", name)
    stream = upload.file
    try:
        stream.seek(0)
        head = stream.read(8192)
        kind = filetype.guess(head)
        content_type = kind.mime if kind else ""
        if content_type not in ALLOWED_TYPES:
            raise _error("type", name)
        if _scan(stream, HOSTILE_MARKERS):
            raise _error("hidden", name)
        if content_type == "application/pdf":
            _check_pdf(stream, name, size)
        else:
            _check_image(stream, name, content_type, size)
    finally:
        stream.seek(0)
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=size)
