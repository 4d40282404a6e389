"""Documents are judged by their content: good ones pass, hostile ones are refused with a reason."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tawasul.uploads import check_upload
from tests.tawasul.factories import (
    ELF_EXECUTABLE,
    HTML_PAGE,
    SVG_WITH_SCRIPT,
    WINDOWS_EXECUTABLE,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    png_with_dimensions,
    upload,
)


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as caught, translation.override("ar"):
        check_upload(upload(name, content))
    with translation.override("ar"):
        return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("passport.pdf", pdf_bytes(pages=2), "application/pdf"),
        ("photo.JPG", jpeg_bytes(), "image/jpeg"),
        ("screenshot.png", png_bytes(), "image/png"),
    ],
)
def test_pdf_jpeg_and_png_documents_are_accepted_by_their_content(name, content, content_type):
    checked = check_upload(upload(name, content, content_type="text/html"))
    assert checked.content_type == content_type
    assert checked.size == len(content)


def test_a_renamed_windows_executable_is_refused():
    assert "ليس مستند PDF أو JPEG أو PNG" in refusal("invoice.pdf", WINDOWS_EXECUTABLE)


def test_a_renamed_linux_executable_is_refused():
    assert "ليس مستند PDF أو JPEG أو PNG" in refusal("photo.jpg", ELF_EXECUTABLE)


def test_an_html_page_named_pdf_is_refused():
    assert "«report.pdf»" in refusal("report.pdf", HTML_PAGE)


def test_an_svg_with_script_is_refused_whatever_its_name():
    assert "ليس مستند PDF أو JPEG أو PNG" in refusal("logo.png", SVG_WITH_SCRIPT)
    assert "فقط" in refusal("logo.svg", SVG_WITH_SCRIPT)


def test_a_png_carrying_a_web_page_is_refused_as_a_polyglot():
    assert "محتوى مخفي" in refusal("scan.png", png_bytes() + HTML_PAGE)


def test_a_jpeg_hiding_script_in_a_comment_is_refused():
    assert "محتوى مخفي" in refusal("scan.jpg", jpeg_bytes(comment=b"<script>alert(1)</script>"))


def test_an_image_with_a_zip_archive_appended_is_refused():
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.txt", "x")
    assert "محتوى مخفي" in refusal("scan.png", png_bytes() + archive.getvalue())


def test_a_pdf_that_is_also_a_web_page_is_refused():
    content = pdf_bytes().replace(b"%%EOF", b"<html><script>alert(1)</script></html>\n%%EOF")
    assert "محتوى مخفي" in refusal("form.pdf", content)


def test_a_pdf_with_javascript_is_refused():
    content = pdf_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>"
    )
    assert "نصوص برمجية" in refusal("form.pdf", content)


def test_a_pdf_with_javascript_hidden_behind_an_escaped_name_is_refused():
    content = pdf_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>"
    )
    assert "نصوص برمجية" in refusal("form.pdf", content)


def test_a_pdf_launching_a_program_is_refused():
    content = pdf_bytes().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /L#61unch /F (cmd.exe) >>"
    )
    assert "نصوص برمجية" in refusal("form.pdf", content)


def test_a_truncated_pdf_is_refused():
    content = pdf_bytes(pages=3)
    assert "تالف أو ناقص" in refusal("scan.pdf", content[: len(content) // 2])


def test_a_decompression_bomb_is_refused_before_anything_is_decoded():
    assert "عدد كبير جدًا من النقاط" in refusal("bomb.png", png_with_dimensions(60_000, 60_000))


def test_an_image_above_the_pixel_limit_is_refused(settings):
    settings.TAWASUL_IMAGE_MAX_PIXELS = 1_000_000
    assert "عدد كبير جدًا من النقاط" in refusal("big.png", png_bytes(1200, 1000))


def test_a_file_over_the_size_limit_is_refused_without_being_read(settings):
    settings.TAWASUL_ATTACHMENT_MAX_MB = 1
    content = png_bytes() + b"\x00" * (1024 * 1024)
    assert "أكبر من 1 ميغابايت" in refusal("huge.png", content)


def test_an_empty_file_is_refused():
    assert "فارغ" in refusal("empty.pdf", b"")


def test_a_broken_png_is_refused():
    content = png_bytes()
    assert "تالفة أو ناقصة" in refusal("broken.png", content[:60])
