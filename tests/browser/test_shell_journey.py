"""An establishment's user walks through the portal shell in a real browser (Debian's Chromium)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.factories import DEMO_PASSWORD, UserFactory
from tests.fixtures.browser import axe_check, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def html_lang_and_dir(page) -> tuple[str | None, str | None]:
    html = page.locator("html")
    return html.get_attribute("lang"), html.get_attribute("dir")


def test_demo_user_logs_in_in_arabic_switches_to_english_and_back_and_logs_out(page):
    UserFactory(username="demo", full_name="سارة العتيبي", preferred_language="ar")

    page.goto("/")
    assert html_lang_and_dir(page) == ("ar", "rtl")
    assert page.get_by_role("heading", level=1).inner_text() == "بوابة مقيم للخدمات الإلكترونية"
    axe_check(page)

    page.goto("/accounts/login/")
    assert html_lang_and_dir(page) == ("ar", "rtl")
    axe_check(page)

    log_in(page, username="demo", password=DEMO_PASSWORD)
    assert html_lang_and_dir(page) == ("ar", "rtl")
    header = page.locator("header")
    assert header.get_by_role("button", name="تسجيل الخروج").is_visible()
    assert "سارة" in header.inner_text()
    axe_check(page)

    with page.expect_navigation():
        header.get_by_role("button", name="English").click()
    assert html_lang_and_dir(page) == ("en", "ltr")
    assert header.get_by_role("button", name="Log out").is_visible()
    assert header.get_by_role("link", name="E-services").is_visible()
    axe_check(page)

    with page.expect_navigation():
        header.get_by_role("button", name="العربية").click()
    assert html_lang_and_dir(page) == ("ar", "rtl")
    assert header.get_by_role("link", name="الخدمات الإلكترونية").is_visible()

    with page.expect_navigation():
        header.get_by_role("button", name="تسجيل الخروج").click()
    assert html_lang_and_dir(page) == ("ar", "rtl")
    assert header.get_by_role("link", name="تسجيل الدخول").is_visible()
    assert "سارة" not in header.inner_text()

    # Logged out for real: a page behind the log-in sends the visitor to the log-in form.
    page.goto("/accounts/profile/")
    assert urlsplit(page.url).path == "/accounts/login/"
    assert page.console_errors == []


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_stylesheet_script_and_font_comes_from_the_portal_itself(page, live_server, language):
    page.context.add_cookies(
        [{"name": "muqeem_language", "value": language, "url": live_server.url}]
    )
    loaded: list[tuple[str, str]] = []
    failed: list[str] = []
    page.on("request", lambda request: loaded.append((request.resource_type, request.url)))
    page.on("requestfailed", lambda request: failed.append(request.url))

    page.goto("/", wait_until="networkidle")
    # Font files are fetched only when text needs them: wait until the page's fonts are settled.
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")

    kinds = {kind for kind, _url in loaded}
    assert {"stylesheet", "script", "font"} <= kinds, kinds
    portal_host = urlsplit(live_server.url).netloc
    foreign = [url for _kind, url in loaded if urlsplit(url).netloc != portal_host]
    assert foreign == [], f"requests to other hosts: {foreign}"
    assert failed == []
    stylesheets = [url for kind, url in loaded if kind == "stylesheet"]
    bootstrap = "bootstrap.rtl.min.css" if language == "ar" else "bootstrap.min.css"
    assert any(url.endswith(bootstrap) for url in stylesheets), stylesheets
    # The text is drawn in the portal's own type face (its face for this script has loaded).
    sample = "مقيم" if language == "ar" else "Muqeem"
    assert page.evaluate(
        "sample => document.fonts.check('16px \"IBM Plex Sans Arabic\"', sample)", sample
    )


def test_not_found_page_is_arabic_and_accessible(page):
    response = page.goto("/no-such-page/")

    assert response.status == 404
    assert html_lang_and_dir(page) == ("ar", "rtl")
    assert page.get_by_role("heading", level=1).inner_text() == "الصفحة غير موجودة"
    axe_check(page)


def test_on_a_phone_the_menu_folds_and_opens_with_every_section_and_the_language_switch(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    header = page.locator("header")
    section_links = ["الخدمات الإلكترونية", "طلب اشتراك", "تسجيل الدخول"]

    # The language switch stays visible; the sections wait behind the menu button.
    assert header.get_by_role("button", name="English").is_visible()
    assert not header.get_by_role("link", name="طلب اشتراك").is_visible()

    header.get_by_role("button", name="إظهار القائمة أو إخفاؤها").click()

    for name in section_links:
        expect(header.get_by_role("link", name=name, exact=True)).to_be_visible()
    assert page.console_errors == []
    axe_check(page)
