"""The portal on a phone (390 px wide) in a real browser: the «تواصل» list and the residents list
are a card per row, and no page needs sideways scrolling or cuts off a status, a column or a file
name. On a desktop (1280 px) the same lists are ordinary tables.

Layout is read from the browser itself: every visible element of <main> must lie between the
screen's left and right edges and inside any ancestor that hides its overflow."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from subscriptions.models import SubscriptionRequest
from tawasul.models import Section, ServiceType, TawasulRequest
from tests.eservices.factories import EstablishmentAccountFactory, ResidentFactory
from tests.factories import DEMO_PASSWORD, UserFactory, establishment_with_primary_user
from tests.fixtures.browser import axe_check, log_in
from tests.subscriptions.factories import EstablishmentRequestFactory
from tests.tawasul.factories import (
    AttachmentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
    pdf_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = TawasulRequest.Status
PHONE = {"width": 390, "height": 844}
SMALLEST = {"width": 320, "height": 640}  # WCAG 1.4.10 (reflow): 1280 px at 400% zoom
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = ["ar", "en"]
# Long words that cannot break at a space: an e-mail address and a scanned document's name.
LONG_EMAIL = "abdulrahman.alqahtani.establishmentservices@example.com"
LONG_FILE_NAME = "جواز_السفر_الجديد_صفحة_البيانات_الشخصية_للمقيم_2026.pdf"
LONG_NAME = "محمد عبدالرحمن عبدالعزيز الهاشمي (خارج المملكة منذ شهرين)"

# What sticks out: elements past the screen's edges, or past an ancestor that hides its overflow
# (a table in a scrolling box, a badge in a narrow cell), and boxes that hide part of their
# content. Visually hidden text (1 px, clipped on purpose) and form controls' own inner scrolling
# are left out.
WHAT_STICKS_OUT = """() => {
  const width = window.innerWidth;
  const problems = [];
  const describe = (el) => {
    const text = (el.innerText || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return `<${el.tagName.toLowerCase()} class="${el.className}"> «${text}»`;
  };
  const clips = (el) => getComputedStyle(el).overflowX !== "visible";
  const hiddenOnPurpose = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const box = node.getBoundingClientRect();
      if ((box.width <= 1 || box.height <= 1) && clips(node)) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll("main *")) {
    const box = el.getBoundingClientRect();
    if (!el.checkVisibility() || !box.width || !box.height || hiddenOnPurpose(el)) continue;
    if (box.left < -0.5 || box.right > width + 0.5) {
      problems.push(`${describe(el)} spans ${Math.round(box.left)}..${Math.round(box.right)}`);
      continue;
    }
    for (let outer = el.parentElement; outer !== document.body; outer = outer.parentElement) {
      const edge = outer.getBoundingClientRect();
      if (clips(outer) && (box.left < edge.left - 0.5 || box.right > edge.right + 0.5)) {
        problems.push(`${describe(el)} is cut off by ${describe(outer)}`);
        break;
      }
    }
    const control = el.matches("input, select, textarea, option, optgroup");
    if (!control && clips(el) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${describe(el)} hides ${el.scrollWidth - el.clientWidth}px of its content`);
    }
  }
  const badges = [...document.querySelectorAll("main .badge")].filter((b) => b.checkVisibility());
  for (const badge of badges) {
    if (badge.scrollWidth > badge.clientWidth + 1) problems.push(`${describe(badge)} overflows`);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    problems,
    badges: badges.map((badge) => badge.innerText.trim()),
  };
}"""

# How a list is drawn: column headers in sight or not, rows as table rows or as separate cards.
LIST_LAYOUT = """(table) => {
  const head = table.querySelector("thead").getBoundingClientRect();
  const rows = [...table.querySelectorAll("tbody tr")];
  const first = rows[0].getBoundingClientRect();
  const second = rows[1].getBoundingClientRect();
  return {
    headersInSight: head.width > 1 && head.height > 1,
    rowDisplay: getComputedStyle(rows[0]).display,
    rowsApart: second.top - first.bottom,
    rowCorner: parseFloat(getComputedStyle(rows[0]).borderTopLeftRadius),
    labels: [...rows[0].querySelectorAll("td")].map(
      (cell) => getComputedStyle(cell, "::before").content
    ),
  };
}"""


def speak(page, live_server, language: str) -> None:
    """Choose the portal's language as the switch does (its cookie), before logging in."""
    page.context.add_cookies(
        [{"name": "muqeem_language", "value": language, "url": live_server.url}]
    )


def in_language(language: str, *texts) -> list[str]:
    """Texts (message ids or lazy labels) as the portal shows them in `language`."""
    with translation.override(language):
        return [gettext(text) if isinstance(text, str) else str(text) for text in texts]


def assert_fits_the_screen(page) -> list[str]:
    """Nothing sticks out sideways; returns the words of the visible badges."""
    found = page.evaluate(WHAT_STICKS_OUT)
    assert found["scrollWidth"] <= found["width"], f"{page.url} scrolls sideways"
    assert found["problems"] == [], f"{page.url}:\n" + "\n".join(found["problems"])
    return found["badges"]


def assert_inside_the_screen(locator) -> None:
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def column_headers_and_cells(page) -> tuple[list[str], list[str]]:
    """What Chromium hands screen readers: the names of the column headers and of the cells."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]

    def names(role: str) -> list[str]:
        return [
            node.get("name", {}).get("value", "").strip()
            for node in nodes
            if not node.get("ignored") and node["role"]["value"] == role
        ]

    return names("columnheader"), names("cell")


@pytest.fixture
def owner():
    """An establishment's primary user with a long e-mail address, a resident outside the Kingdom
    with a long name, and a Tawasul request in every status."""
    establishment = establishment_with_primary_user(username="owner", email=LONG_EMAIL)
    EstablishmentAccountFactory(establishment=establishment)
    ResidentFactory(establishment=establishment, full_name=LONG_NAME, is_outside_kingdom=True)
    ResidentFactory.create_batch(3, establishment=establishment)
    user = establishment.primary_user
    for status in Status:
        TawasulRequestFactory(
            requester=user,
            status=status,
            section=Section.ESTABLISHMENT,
            service_type=ServiceType.ESTABLISHMENT_BALANCE,
        )
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_my_requests_are_cards_showing_every_status_whole(
    page, live_server, owner, language
):
    speak(page, live_server, language)
    page.set_viewport_size(PHONE)
    log_in(page, username="owner", password=DEMO_PASSWORD, next_path="/tawasul/")
    service, service_type, sent_on = in_language(
        language, ServiceType.ESTABLISHMENT_BALANCE.label, "Service type", "Sent on"
    )

    # Cards: no column headers in sight, rows apart with rounded corners, each value labelled.
    layout = page.locator("main table").evaluate(LIST_LAYOUT)
    assert not layout["headersInSight"]
    assert layout["rowDisplay"] == "flex" and layout["rowsApart"] > 0 and layout["rowCorner"] > 0
    assert layout["labels"][0].startswith(f'"{service_type}"')
    assert layout["labels"][1].startswith(f'"{sent_on}"')

    # Each request's card: its number (the link), the service and the status, inside
    # the screen; the longest statuses («تحت المعالجة», «معاد من مقدم الطلب») whole.
    for tawasul_request in owner.tawasul_requests.all():
        card = page.get_by_role("row").filter(has_text=tawasul_request.number)
        (status,) = in_language(language, Status(tawasul_request.status).label)
        assert card.get_by_role("link", name=tawasul_request.number).is_visible()
        assert service in card.inner_text() and status in card.inner_text()
        assert_inside_the_screen(card)
        assert_inside_the_screen(card.locator(".badge"))
    badges = assert_fits_the_screen(page)
    assert sorted(badges) == sorted(in_language(language, *Status.labels))
    page.set_viewport_size(SMALLEST)
    assert sorted(assert_fits_the_screen(page)) == sorted(in_language(language, *Status.labels))
    page.set_viewport_size(PHONE)

    # Screen readers still meet a table, with its column headers; the drawn labels are not read
    # a second time in the cells.
    headers, cells = column_headers_and_cells(page)
    assert len(headers) == 4 and sent_on in headers
    assert service in cells
    assert not [cell for cell in cells if cell.startswith((service_type, sent_on))]
    axe_check(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_residents_are_cards_with_the_name_first(page, live_server, owner, language):
    speak(page, live_server, language)
    page.set_viewport_size(PHONE)
    log_in(page, username="owner", password=DEMO_PASSWORD, next_path="/eservices/")
    outside, iqama_number = in_language(language, "Outside the Kingdom", "Iqama number")

    layout = page.locator("main table").evaluate(LIST_LAYOUT)
    assert not layout["headersInSight"]
    assert layout["rowDisplay"] == "flex" and layout["rowsApart"] > 0 and layout["rowCorner"] > 0
    assert layout["labels"][0].startswith(f'"{iqama_number}"')

    for resident in owner.establishment.residents.all():
        card = page.get_by_role("row").filter(has_text=resident.iqama_number)
        title = card.get_by_role("rowheader")
        assert title.inner_text() == resident.full_name
        # The name is the card's first line, above the iqama number that links to the resident.
        link = card.get_by_role("link", name=resident.iqama_number)
        assert title.bounding_box()["y"] < link.bounding_box()["y"]
        assert_inside_the_screen(card)
    assert outside in assert_fits_the_screen(page)
    page.set_viewport_size(SMALLEST)
    assert outside in assert_fits_the_screen(page)
    page.set_viewport_size(PHONE)

    headers, cells = column_headers_and_cells(page)
    assert len(headers) == 6 and iqama_number in headers
    assert not [cell for cell in cells if cell.startswith(iqama_number)]
    axe_check(page)


def test_on_a_desktop_both_lists_are_tables_with_their_column_headers(page, owner):
    page.set_viewport_size(DESKTOP)
    log_in(page, username="owner", password=DEMO_PASSWORD, next_path="/tawasul/")

    for path in ("/tawasul/", "/eservices/"):
        page.goto(path)
        layout = page.locator("main table").evaluate(LIST_LAYOUT)
        assert layout["headersInSight"], path
        assert layout["rowDisplay"] == "table-row" and layout["rowsApart"] == 0, path
        assert set(layout["labels"]) == {"none"}, path
        assert_fits_the_screen(page)


def returned_request_with_a_reply_and_a_document(user) -> TawasulRequest:
    tawasul_request = TawasulRequestFactory(
        requester=user, status=Status.RETURNED_TO_APPLICANT, email=LONG_EMAIL
    )
    for before, after in (
        ("", Status.NEW),
        (Status.NEW, Status.UNDER_PROCESSING),
        (Status.UNDER_PROCESSING, Status.RETURNED_TO_APPLICANT),
    ):
        StatusChangeFactory(request=tawasul_request, from_status=before, to_status=after)
    ReplyFactory(request=tawasul_request)
    AttachmentFactory(
        request=tawasul_request,
        original_name=LONG_FILE_NAME,
        size=2048,
        content_type="application/pdf",
    )
    return tawasul_request


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_a_new_request_its_review_and_a_request_page_fit_the_screen(
    page, live_server, owner, language, tmp_path
):
    scan = tmp_path / LONG_FILE_NAME
    scan.write_bytes(pdf_bytes())
    returned = returned_request_with_a_reply_and_a_document(owner)
    speak(page, live_server, language)
    page.set_viewport_size(PHONE)
    log_in(page, username="owner", password=DEMO_PASSWORD, next_path="/tawasul/new/")

    # The form, with the main data (the long e-mail address among it), then with its errors.
    assert LONG_EMAIL in page.locator("main").inner_text()
    assert_fits_the_screen(page)
    form = page.locator("main form")
    with page.expect_navigation():
        form.locator("[type='submit']").click()
    assert page.locator("main .invalid-feedback").count() >= 1
    assert_fits_the_screen(page)

    form.locator("select[name='section']").select_option(Section.ESTABLISHMENT)
    form.locator("select[name='service_type']").select_option(ServiceType.ESTABLISHMENT_BALANCE)
    form.locator("textarea[name='description']").fill(
        "سددت رسوم الخدمة ولم يظهر المبلغ في رصيد المنشأة حتى الآن."
    )
    form.locator("input[type='file']").set_input_files([str(scan)])
    with page.expect_navigation():
        form.locator("[type='submit']").click()

    # The review step: the document's long name breaks across lines instead of widening the page.
    assert "/review/" in page.url
    assert LONG_FILE_NAME in page.locator("main").inner_text()
    assert_fits_the_screen(page)
    axe_check(page)

    # A request returned to me: status, timeline, the answer form and the documents.
    page.goto(f"/tawasul/requests/{returned.number}/")
    assert LONG_FILE_NAME in page.locator("main").inner_text()
    badges = assert_fits_the_screen(page)
    assert in_language(language, Status.RETURNED_TO_APPLICANT.label)[0] in badges
    axe_check(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_a_phone_the_log_in_and_the_subscription_forms_fit_the_screen(
    page, live_server, language
):
    speak(page, live_server, language)
    page.set_viewport_size(PHONE)

    page.goto("/accounts/login/")
    assert_fits_the_screen(page)
    page.goto("/subscriptions/individual/")
    assert_fits_the_screen(page)
    with page.expect_navigation():
        page.locator("main form [type='submit']").click()
    assert page.locator("main .invalid-feedback").count() >= 1
    assert_fits_the_screen(page)

    # A resident without an establishment asks to register one; their requests become cards.
    applicant = UserFactory(username="applicant", email=LONG_EMAIL)
    for status in SubscriptionRequest.Status:
        EstablishmentRequestFactory(
            requester=applicant, status=status, company_name="شركة الخليج العربي للتجارة والمقاولات"
        )
    log_in(
        page,
        username="applicant",
        password=DEMO_PASSWORD,
        next_path="/subscriptions/establishment/",
    )
    layout = page.locator("main table").evaluate(LIST_LAYOUT)
    assert not layout["headersInSight"] and layout["rowDisplay"] == "flex"
    badges = assert_fits_the_screen(page)
    assert sorted(badges) == sorted(in_language(language, *SubscriptionRequest.Status.labels))
