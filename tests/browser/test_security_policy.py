"""A researcher finds how to report a vulnerability from any page's footer, in either language."""

import pytest

from tests.fixtures.browser import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_footer_leads_to_the_reporting_policy_which_is_accessible(page):
    page.goto("/")
    page.get_by_role("link", name="الإبلاغ عن ثغرة أمنية").click()
    page.wait_for_url("**/security/")
    assert page.get_by_role("heading", level=1).inner_text() == "الإبلاغ عن ثغرة أمنية"
    axe_check(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Reporting a security vulnerability"
    axe_check(page)
