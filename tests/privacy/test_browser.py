"""A visitor finds the privacy notice from the footer in both languages; a user downloads their
data from their account page in one click."""

import json
from pathlib import Path

import pytest

from tests.factories import DEMO_PASSWORD, establishment_with_primary_user
from tests.fixtures.browser import axe_check, log_in
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_footer_leads_to_the_privacy_notice_in_both_languages(page):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="إشعار الخصوصية").click()
    page.wait_for_url("**/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "إشعار الخصوصية"
    axe_check(page)
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    axe_check(page)


def test_a_user_downloads_their_data_in_one_click(page):
    user = establishment_with_primary_user(full_name="سارة أحمد القحطاني").primary_user
    mine = TawasulRequestFactory(requester=user)
    other = TawasulRequestFactory()
    log_in(page, username=user.username, password=DEMO_PASSWORD, next_path="/accounts/profile/")
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="تنزيل بياناتي").click()
    download = download_info.value
    assert download.suggested_filename.startswith("muqeem-my-data-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["full_name"] == "سارة أحمد القحطاني"
    assert [r["number"] for r in data["tawasul_requests"]] == [mine.number]
    assert other.number not in json.dumps(data, ensure_ascii=False)
