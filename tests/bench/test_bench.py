"""The bench's own pieces: its yardstick view is never routed in production, and the documents it
uploads are real PDFs the Tawasul checks accept (so a measured upload is a successful one)."""

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.urls import Resolver404, resolve

from bench.client import make_pdf
from tawasul.uploads import check_upload


def test_the_bare_view_is_not_served_by_the_portals_urls():
    with pytest.raises(Resolver404):
        resolve("/bench/bare/", urlconf="muqeem.urls")


def test_the_bench_url_conf_adds_only_the_bare_view_to_the_portal():
    assert resolve("/bench/bare/", urlconf="bench.urls").func.__name__ == "bare"
    assert resolve("/tawasul/", urlconf="bench.urls").url_name == "request_list"


@pytest.mark.parametrize("size", [20 * 1024, 600 * 1024])
def test_the_bench_pdf_passes_the_attachment_checks(tmp_path, size):
    path = make_pdf(tmp_path / "bench.pdf", size)
    upload = TemporaryUploadedFile("bench.pdf", "application/pdf", path.stat().st_size, None)
    with open(path, "rb") as source:
        upload.write(source.read())
    upload.seek(0)
    checked = check_upload(upload)
    assert checked.content_type == "application/pdf"
    assert abs(path.stat().st_size - size) < 1024
