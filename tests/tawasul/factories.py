"""Factories and document makers for the Tawasul tests."""

import io
import struct
import zlib

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image
from pypdf import PdfWriter

from tawasul.models import (
    Attachment,
    Incident,
    Reply,
    Section,
    ServiceType,
    StatusChange,
    TawasulRequest,
)
from tests.factories import UserFactory


class IncidentFactory(DjangoModelFactory):
    class Meta:
        model = Incident

    reference = factory.Sequence(lambda n: f"INC-T{n:07d}")
    code = "iqama_expired"
    message = "لا يمكن إصدار تأشيرة خروج وعودة: إقامة المقيم منتهية."
    service = ServiceType.EXIT_REENTRY_VISA
    resident_iqama = "2000000006"
    resident_name = "Rahul Kumar"
    user = factory.SubFactory(UserFactory)
    path = "/eservices/"


class TawasulRequestFactory(DjangoModelFactory):
    class Meta:
        model = TawasulRequest

    number = factory.Sequence(lambda n: f"TW-2026-{n + 9000000:07d}")
    requester = factory.SubFactory(UserFactory)
    requester_name = factory.LazyAttribute(lambda r: r.requester.full_name)
    national_id = factory.LazyAttribute(lambda r: r.requester.national_id or "")
    mobile = factory.LazyAttribute(lambda r: r.requester.mobile)
    email = factory.LazyAttribute(lambda r: r.requester.email)
    section = Section.VISAS
    service_type = ServiceType.EXIT_REENTRY_VISA
    description = "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم."
    status = TawasulRequest.Status.NEW


class ReplyFactory(DjangoModelFactory):
    class Meta:
        model = Reply

    request = factory.SubFactory(TawasulRequestFactory)
    author = factory.SubFactory(UserFactory, is_staff=True)
    body = "نرجو إرفاق صورة جواز السفر."
    is_staff = True


class StatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = StatusChange

    request = factory.SubFactory(TawasulRequestFactory)
    from_status = TawasulRequest.Status.NEW
    to_status = TawasulRequest.Status.UNDER_PROCESSING


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = Attachment

    request = factory.SubFactory(TawasulRequestFactory)
    file = factory.django.FileField(filename="scan.pdf", data=b"%PDF-1.4 test")
    original_name = "جواز السفر.pdf"
    size = 13
    content_type = "application/pdf"
    uploaded_by = factory.LazyAttribute(lambda a: a.request.requester)


# -- documents, good and hostile --------------------------------------------------------------


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (27, 131, 84)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width: int = 40, height: int = 30, comment: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    extra = {"comment": comment} if comment else {}
    Image.new("RGB", (width, height), (219, 161, 2)).save(buffer, "JPEG", **extra)
    return buffer.getvalue()


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_with_dimensions(width: int, height: int) -> bytes:
    """A small PNG whose header claims `width` × `height`: a decompression bomb's calling card."""
    data = bytearray(png_bytes(8, 8))
    # Signature (8) + chunk length (4) + b"IHDR" (4), then width and height, then the rest of IHDR.
    ihdr_start = 8 + 4
    struct.pack_into(">II", data, ihdr_start + 4, width, height)
    crc = zlib.crc32(bytes(data[ihdr_start : ihdr_start + 4 + 13])) & 0xFFFFFFFF
    struct.pack_into(">I", data, ihdr_start + 4 + 13, crc)
    return bytes(data)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """What a browser sends; its claimed content type is never trusted."""
    return SimpleUploadedFile(name, content, content_type=content_type)


WINDOWS_EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + (b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 200)
)
ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 300
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)
