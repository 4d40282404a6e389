"""The accessibility helper itself: it must see Arabic text, or no page's contrast is checked."""

import pytest

from tests.fixtures.browser import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_check_reports_low_contrast_arabic_heading_with_a_readable_message(page):
    page.goto("/")
    axe_check(page)  # the home page as shipped is clean

    page.evaluate("document.querySelector('h1').style.color = '#d0d5dd'")
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    message = str(failure.value)
    assert "color-contrast (serious)" in message
    assert "#hero-title" in message  # where: the heading's selector
