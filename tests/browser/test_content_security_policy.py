"""The Content-Security-Policy in a real browser: Chromium reports no violation on the portal's main
pages nor on the staff admin, and what their scripts do (the folding menu, the language switch;
the admin's actions, filters, theme, side bar, autocomplete, calendar) still works under it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from accounts.roles import TAWASUL_AGENTS
from subscriptions.models import SubscriptionRequest
from tawasul.models import TawasulRequest
from tests.factories import (
    DEMO_PASSWORD,
    EstablishmentFactory,
    UserFactory,
    establishment_with_primary_user,
    totp_device,
)
from tests.fixtures.browser import admin_log_in, log_in
from tests.subscriptions.factories import IndividualRequestFactory
from tests.tawasul.factories import IncidentFactory, TawasulRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Added before any of the page's own scripts: every violation the browser reports, with what was
# refused and where, reaches the test through an exposed function (it survives navigations).
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber} on ${document.location.pathname}`
  );
});
"""


@pytest.fixture
def watched_page(page: Page) -> Page:
    """The browser page, with every CSP violation and every console line naming the policy kept in
    `page.csp_violations`."""
    violations: list[str] = []
    page.csp_violations = violations  # type: ignore[attr-defined]
    page.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.add_init_script(_REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def open_page(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.ok, (path, response and response.status)
    assert "'self'" in response.headers["content-security-policy"], path


def no_violations(page: Page) -> None:
    # Violation reports are events: give the last page's a moment to arrive.
    page.wait_for_timeout(100)
    assert page.csp_violations == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def applicant_with_a_request():
    applicant = establishment_with_primary_user(full_name="سارة أحمد القحطاني").primary_user
    incident = IncidentFactory(user=applicant)
    TawasulRequestFactory(requester=applicant)
    return applicant, incident


def test_the_public_and_personal_pages_run_under_the_policy(watched_page: Page):
    page = watched_page
    applicant, incident = applicant_with_a_request()

    for path in ("/", "/accounts/login/", "/subscriptions/individual/", "/subscriptions/status/"):
        open_page(page, path)
    assert page.goto("/no-such-page/").status == 404

    log_in(page, username=applicant.username, password=DEMO_PASSWORD)
    for path in (
        "/tawasul/",
        f"/tawasul/new/?incident={incident.reference}",
        "/subscriptions/establishment/",
        "/accounts/profile/",
        "/eservices/",
        # Again, now served from the page cache: the same bytes, still no inline code.
        "/tawasul/",
        f"/tawasul/new/?incident={incident.reference}",
    ):
        open_page(page, path)
    expect(page.locator("input[type='file']")).to_have_count(1)

    no_violations(page)


def test_the_menu_folds_and_the_language_switches_under_the_policy(watched_page: Page):
    page = watched_page
    page.set_viewport_size({"width": 390, "height": 800})
    open_page(page, "/subscriptions/individual/")

    # Bootstrap's collapse (static JS) opens the folded menu.
    menu_link = page.get_by_role("link", name="الخدمات الإلكترونية")
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="إظهار القائمة أو إخفاؤها").click()
    expect(menu_link).to_be_visible()

    # The language switch is a form: form-action 'self' lets it post and come back to the page.
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/subscriptions/individual/")

    no_violations(page)


@pytest.fixture
def agent(db):
    agent = UserFactory(is_staff=True, full_name="موظف تواصل")
    # Transactional tests flush the data migrations' rows: make the group as the migration does.
    group, _created = Group.objects.get_or_create(name=TAWASUL_AGENTS)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="tawasul"))
    agent.groups.add(group)
    return agent


def test_the_admin_queue_works_under_the_policy(watched_page: Page, agent):
    page = watched_page
    first, second = TawasulRequestFactory.create_batch(2)
    admin_log_in(
        page,
        username=agent.username,
        password=DEMO_PASSWORD,
        device=totp_device(agent),
        next_path="/admin/tawasul/tawasulrequest/",
    )
    assert "/admin/tawasul/tawasulrequest/" in page.url

    # The status badge takes its colour from static/css/admin.css, not from a style attribute.
    badge = page.locator(".admin-status").first
    background = badge.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(23, 92, 211)"  # "new"

    # actions.js: ticking every row updates the counter and enables the action.
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("2")
    page.locator("select[name='action']").select_option("assign_to_me")
    with page.expect_navigation():
        page.locator("button[name='index']").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert set(TawasulRequest.objects.values_list("assignee", flat=True)) == {agent.pk}

    # filters.js: a filter section folds and opens again.
    status_filter = page.locator("#changelist-filter details").first
    status_filter.locator("summary").click()
    expect(status_filter).not_to_have_attribute("open", "")
    status_filter.locator("summary").click()
    expect(status_filter).to_have_attribute("open", "")

    # nav_sidebar.js and theme.js: the side bar folds, the colour theme changes.
    page.locator("#toggle-nav-sidebar").click()
    expect(page.locator("#main")).not_to_have_class("main shifted")
    before = page.locator("html").get_attribute("data-theme")
    page.locator(".theme-toggle").first.click()
    assert page.locator("html").get_attribute("data-theme") != before

    # The change form: the admin's JavaScript catalogue is loaded, and a reply is saved.
    open_page(page, f"/admin/tawasul/tawasulrequest/{first.pk}/change/")
    assert page.evaluate("typeof gettext") == "function"
    page.locator("textarea[name='replies-2-0-body']").fill(
        "نرجو إرفاق صورة صفحة البيانات من الجواز."
    )
    page.locator("select[name='status']").select_option(label="معاد لمقدم الطلب")
    with page.expect_navigation():
        page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_contain_text(first.number)
    first.refresh_from_db()
    assert first.status == TawasulRequest.Status.RETURNED_TO_APPLICANT
    assert second.replies.count() == 0

    no_violations(page)


def test_the_admin_pages_the_portal_overrides_work_under_the_policy(watched_page: Page):
    page = watched_page
    officer = UserFactory(is_staff=True, is_superuser=True)
    subscription_request = IndividualRequestFactory()
    admin_log_in(
        page,
        username=officer.username,
        password=DEMO_PASSWORD,
        device=totp_device(officer),
        next_path="/admin/",
    )

    # A request's page with its own reject button, then the page asking for the reason.
    open_page(page, f"/admin/subscriptions/subscriptionrequest/{subscription_request.pk}/change/")
    with page.expect_navigation():
        page.locator("form:has(input[value='reject_selected']) [type='submit']").click()
    page.locator("textarea[name='reason']").fill("السجل التجاري منتهي الصلاحية.")
    with page.expect_navigation():
        page.locator("input[name='apply']").click()
    expect(page.locator(".messagelist")).to_be_visible()
    subscription_request.refresh_from_db()
    assert subscription_request.status == SubscriptionRequest.Status.REJECTED

    # The outbox with its health line.
    open_page(page, "/admin/notifications/outboundemail/")
    expect(page.locator("#outbox-health")).to_be_visible()

    no_violations(page)


def test_the_admin_widgets_work_under_the_policy(watched_page: Page):
    page = watched_page
    admin = UserFactory(is_staff=True, is_superuser=True)
    EstablishmentFactory(name="مؤسسة الاختبار")
    member = UserFactory()
    admin_log_in(
        page,
        username=admin.username,
        password=DEMO_PASSWORD,
        device=totp_device(admin),
        next_path="/admin/",
    )

    # Autocomplete (select2) finds an establishment by name.
    open_page(page, f"/admin/accounts/user/{member.pk}/change/")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill("الاختبار")
    expect(page.locator(".select2-results__option")).to_have_text(["مؤسسة الاختبار"])

    # The calendar beside a date field fills it.
    open_page(page, "/admin/eservices/resident/add/")
    page.locator(".datetimeshortcuts a").nth(1).click()
    page.locator(".calendarbox .calendar td a").nth(10).click()
    expect(page.locator("input.vDateField").first).to_have_value(re.compile(r"\d{4}-\d\d-\d\d"))

    # The two-list permission chooser of a group.
    open_page(page, "/admin/auth/group/add/")
    expect(page.locator("#id_permissions_filter")).to_be_visible()

    no_violations(page)
