"""PDFs that act are refused wherever their action hides; PDFs that only read are accepted.

Every hostile file is written in tests/tawasul/crafted_pdfs.py the way an attacker writes it.
"""

import io
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, NameObject

from tawasul.models import Attachment, Draft
from tawasul.uploads import CHUNK, check_upload
from tests.tawasul import crafted_pdfs as crafted
from tests.tawasul.factories import HTML_PAGE, pdf_bytes, upload

SCRIPT = "يحتوي على نصوص برمجية أو ملفات مضمّنة"
LINKS = "يحتوي على روابط أو إجراءات تفتح صفحات ويب أو ملفات أخرى"
CREATE = reverse("tawasul:request_create")


def refusal(content: bytes, name: str = "form.pdf") -> str:
    with pytest.raises(ValidationError) as caught, translation.override("ar"):
        check_upload(upload(name, content))
    with translation.override("ar"):
        return " ".join(caught.value.messages)


def readable_document() -> bytes:
    """What a word processor exports: bookmarks, a table of contents linking to its pages, a form
    field to fill in, and an open action that only says which page to show first."""
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    writer.add_outline_item(title="الفصل الأول", page_number=1)
    writer.add_outline_item(title="الفصل الثاني", page_number=2)
    writer.add_annotation(0, Link(rect=(50, 700, 200, 720), target_page_index=2))
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_document_with_bookmarks_and_links_to_its_own_pages_is_accepted():
    checked = check_upload(upload("report.pdf", readable_document()))
    assert checked.content_type == "application/pdf"


def test_internal_jumps_chained_after_each_other_are_accepted():
    content = crafted.two_page_pdf(
        catalog_extra=b"/OpenAction 5 0 R",
        more={5: b"<< /S /GoTo /D [4 0 R /Fit] /Next << /S /GoTo /D [3 0 R /Fit] >> >>"},
    )
    assert check_upload(upload("contract.pdf", content)).content_type == "application/pdf"


# -- one test per way in ------------------------------------------------------------------------


def test_an_open_action_that_jumps_to_a_page_and_then_runs_script_is_refused():
    assert SCRIPT in refusal(crafted.goto_then_script())


def test_a_next_chain_that_loops_is_followed_to_the_script_it_hides_and_ends():
    started = time.monotonic()
    assert SCRIPT in refusal(crafted.goto_chain_with_a_cycle_then_script())
    assert time.monotonic() - started < 5


def test_a_bookmark_that_runs_script_is_refused():
    assert SCRIPT in refusal(crafted.outline_with_script())


@pytest.mark.parametrize("listed", [True, False], ids=["in_the_form", "reached_from_the_widget"])
def test_a_parent_form_field_that_runs_script_on_a_keystroke_is_refused(listed):
    assert SCRIPT in refusal(crafted.form_field_parent_with_script(listed=listed))


def test_a_link_to_a_windows_share_is_refused():
    assert LINKS in refusal(crafted.link_to_a_unc_path())


def test_a_javascript_link_written_as_a_hex_string_is_refused():
    assert LINKS in refusal(crafted.link_to_a_hex_javascript_uri())


def test_an_object_that_is_both_a_form_field_and_the_open_action_is_checked_as_an_action():
    assert SCRIPT in refusal(crafted.form_field_that_is_also_the_open_action())


@pytest.mark.parametrize("where", ["document", "page", "annotation", "names"])
def test_script_run_on_an_event_or_listed_by_name_is_refused(where):
    assert SCRIPT in refusal(crafted.script_in_additional_actions(where))


def test_an_escaped_script_name_in_an_object_nothing_refers_to_is_refused():
    assert SCRIPT in refusal(crafted.stray_object(crafted.ESCAPED_SCRIPT))


@pytest.mark.parametrize(
    "action",
    [b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>", crafted.ESCAPED_SCRIPT],
    ids=["plain", "escaped"],
)
@pytest.mark.parametrize("cut", [1, 3, 7])
def test_a_script_name_cut_by_the_scanners_chunk_border_is_refused(action, cut):
    content = crafted.stray_object(action, at=CHUNK - cut)
    # The name really straddles the border: its first `cut` bytes end the first chunk.
    assert content[CHUNK - cut : CHUNK - cut + 2] == b"/J"
    assert SCRIPT in refusal(content)


# -- the page count -----------------------------------------------------------------------------


def test_a_pdf_over_the_page_limit_is_refused_and_one_at_the_limit_accepted(settings):
    settings.TAWASUL_PDF_MAX_PAGES = 3
    assert check_upload(upload("three.pdf", pdf_bytes(pages=3)))
    message = refusal(pdf_bytes(pages=4), name="book.pdf")
    assert message == "الملف «book.pdf» يزيد على 3 صفحات؛ يُرجى تقسيمه إلى ملفات أصغر."


def test_the_page_count_is_read_before_any_page(settings):
    # 1,000 pages claimed and not one of them in the file: refused for its size, not as damaged,
    # so no page was looked for first.
    settings.TAWASUL_PDF_MAX_PAGES = 500
    assert "تالف أو ناقص" in refusal(crafted.page_tree(pages=10, written=False))
    assert "يزيد على 500 صفحة" in refusal(crafted.page_tree(pages=1000, written=False))


def test_a_page_tree_that_understates_its_count_is_still_stopped_at_the_limit(settings):
    settings.TAWASUL_PDF_MAX_PAGES = 10
    assert "يزيد على 10 صفحات" in refusal(crafted.page_tree(pages=11, claimed=1))


def test_a_pdf_with_too_many_parts_to_check_is_refused(settings):
    settings.TAWASUL_PDF_MAX_OBJECTS = 100
    assert check_upload(upload("toc.pdf", crafted.page_with_links(20)))
    assert "معقّد جدًا ولا يمكن فحصه" in refusal(crafted.page_with_links(150))


@pytest.mark.parametrize("xref_table", [True, False], ids=["table", "stream"])
def test_a_pdf_listing_more_objects_than_a_check_may_read_is_refused_before_it_is_parsed(
    settings, xref_table
):
    # Opening a file reads its whole cross-reference list: 500,000 entries cost seconds.
    settings.TAWASUL_PDF_MAX_OBJECTS = 100  # and 5 entries per object: 500
    assert check_upload(upload("a.pdf", crafted.many_objects(400, xref_table=xref_table)))
    message = refusal(crafted.many_objects(600, xref_table=xref_table))
    assert "معقّد جدًا ولا يمكن فحصه" in message


# -- in the form: beside the field, nothing else lost ---------------------------------------------

CRAFTED = {
    "goto_then_script": (crafted.goto_then_script, SCRIPT),
    "outline": (crafted.outline_with_script, SCRIPT),
    "form_field_parent": (crafted.form_field_parent_with_script, SCRIPT),
    "unc_path": (crafted.link_to_a_unc_path, LINKS),
    "hex_javascript_uri": (crafted.link_to_a_hex_javascript_uri, LINKS),
}


def field_errors(page: str, field: str) -> str:
    match = re.search(rf'<div id="id_{field}_error"[^>]*>(.*?)</div>', page, re.DOTALL)
    return re.sub(r"<[^>]+>", " ", match[1]) if match else ""


@pytest.mark.django_db
@pytest.mark.parametrize("hole", CRAFTED)
def test_a_hostile_pdf_is_named_beside_the_field_and_the_rest_is_kept(
    client, applicant, settings, hole
):
    make, reason = CRAFTED[hole]
    client.force_login(applicant)
    description = "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم."
    response = client.post(
        CREATE,
        {
            "section": "visas",
            "service_type": "exit_reentry_visa",
            "description": description,
            "attachments": [upload("passport.pdf", pdf_bytes()), upload("invoice.pdf", make())],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    errors = field_errors(page, "attachments")
    assert "«invoice.pdf»" in errors and reason in errors
    assert "passport.pdf" not in errors
    assert description in page
    assert not Draft.objects.exists() and not Attachment.objects.exists()


@pytest.mark.django_db
def test_files_over_the_limit_are_refused_by_their_number_before_any_is_read(
    client, applicant, settings
):
    # Six files that would each be refused for their content: only their number is mentioned,
    # so none was read (a file's check can cost seconds; the count costs nothing).
    client.force_login(applicant)
    files = [upload(f"{n}.pdf", HTML_PAGE) for n in range(6)]
    response = client.post(
        CREATE,
        {
            "section": "visas",
            "service_type": "exit_reentry_visa",
            "description": "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم.",
            "attachments": files,
        },
    )
    errors = field_errors(response.content.decode(), "attachments")
    assert errors.strip() == "يمكنك إرفاق 5 ملفات على الأكثر في الطلب."
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_a_request_carrying_more_files_than_any_form_takes_is_refused_outright(
    client, applicant, settings
):
    client.force_login(applicant)
    files = [upload(f"{n}.png", b"x") for n in range(11)]
    response = client.post(CREATE, {"attachments": files})
    assert response.status_code == 400
    assert not Draft.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))
