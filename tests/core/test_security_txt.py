"""/.well-known/security.txt (RFC 9116) tells a researcher where to report, and its Policy page
says how, in Arabic and English."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/.well-known/security.txt"


def fields(text: str) -> list[tuple[str, str]]:
    return [tuple(line.split(": ", 1)) for line in text.splitlines() if line]


def test_security_txt_is_plain_text_with_the_rfc_9116_fields(client, settings):
    settings.SITE_URL = "https://muqeem.example.sa"
    settings.SECURITY_TXT_CONTACT = [
        "mailto:security@muqeem.example.sa",
        "https://muqeem.example.sa/security/",
    ]
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response.content.decode())
    assert [value for name, value in found if name == "Contact"] == [
        "mailto:security@muqeem.example.sa",
        "https://muqeem.example.sa/security/",
    ]
    assert ("Preferred-Languages", "ar, en") in found
    assert ("Canonical", "https://muqeem.example.sa/.well-known/security.txt") in found
    assert ("Policy", "https://muqeem.example.sa/security/") in found
    # Exactly one Expires, in the future and (as the RFC recommends) less than a year away.
    (expires,) = [value for name, value in found if name == "Expires"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", expires)
    when = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert (
        now + timedelta(days=settings.SECURITY_TXT_EXPIRES_DAYS - 1)
        < when
        < now + timedelta(days=365)
    )


def test_the_policy_page_it_names_opens_in_arabic_and_english(client):
    page = client.get(reverse("security_policy")).content.decode()
    assert "الإبلاغ عن ثغرة أمنية" in page
    assert f'href="{settings.SECURITY_TXT_CONTACT[0]}"' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("security_policy")).content.decode()
    assert "Reporting a security vulnerability" in page


def test_every_page_links_to_the_policy_in_its_footer(client):
    assert f'href="{reverse("security_policy")}"' in client.get("/").content.decode()


def test_security_txt_answers_only_reads(client):
    assert client.post(URL).status_code == 405
