"""The Jinja2 environment of the portal's pages (muqeem/jinja2.py): what a template is given behaves
as Django's own template tags and filters did."""

import re
import uuid

import pytest
from django.template import defaultfilters, engines
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

pytestmark = pytest.mark.django_db

TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def draw(source: str, context=None, request=None) -> str:
    return engines["jinja2"].from_string(source).render(context or {}, request=request)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("home", ()),
        ("accounts:login", ()),
        ("tawasul:request_list", ()),
        ("tawasul:attachment_download", (uuid.UUID("12345678-1234-5678-1234-567812345678"),)),
        ("eservices:resident_detail", (7,)),
        ("eservices:visa_create", (0,)),
        ("tawasul:request_detail", ("TW-2026-0000001",)),
        ("tawasul:request_detail", ("رقم فيه مسافة؟",)),
    ],
)
def test_url_gives_what_reverse_gives(name, args):
    for _ in range(2):  # the second time from what the first one kept
        assert draw("{{ url(name, *args) }}", {"name": name, "args": args}) == reverse(
            name, args=args
        )


def test_url_follows_the_script_prefix_of_the_moment():
    resident = draw("{{ url('eservices:resident_detail', 7) }}")
    try:
        set_script_prefix("/portal/")
        assert draw("{{ url('home') }}") == "/portal/"
        assert draw("{{ url('eservices:resident_detail', 7) }}") == "/portal" + resident
    finally:
        set_script_prefix("/")
    assert draw("{{ url('home') }}") == "/"


def test_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        draw("{{ url('eservices:resident_detail', -1) }}")
    with pytest.raises(NoReverseMatch):
        draw("{{ url('eservices:resident_detail', 'x') }}")
    with pytest.raises(NoReverseMatch):
        draw("{{ url('no-such-page') }}")


def test_every_form_of_a_page_carries_the_same_token_of_this_request():
    request = RequestFactory().get("/")
    page = draw("{{ csrf_input }}<p>{{ csrf_input }}</p>{{ csrf_token }}", request=request)

    tokens = TOKEN_FIELD.findall(page)
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    assert page.endswith(tokens[0])
    assert request.META["CSRF_COOKIE"]  # the response sets the cookie the token belongs to


def test_a_token_given_by_the_view_is_the_one_printed():
    """The page cache (speed/pages.py) draws a page with a marker where each token goes."""
    request = RequestFactory().get("/")
    page = draw("{{ csrf_input }} {{ csrf_input }}", {"csrf_token": "csrfMARKER"}, request)

    assert TOKEN_FIELD.findall(page) == ["csrfMARKER", "csrfMARKER"]
    assert "CSRF_COOKIE" not in request.META


def test_the_views_context_wins_over_the_context_processors():
    request = RequestFactory().get("/")
    request.user = None
    request._messages = []

    assert draw("{{ user }}", {"user": "the view's"}, request) == "the view&#39;s"


def test_a_missing_name_is_empty_as_in_django_templates_even_its_attributes_and_methods():
    assert draw("[{{ nothing }}|{{ nothing.at.all }}|{{ nothing.called() }}]") == "[||]"
    assert draw("{% if user.is_authenticated %}in{% else %}out{% endif %}") == "out"


@pytest.mark.parametrize(
    "text",
    [
        "سطر أول\nسطر ثان",
        "a\r\nb\rc",
        "<script>alert('x')</script> & \"quotes\"",
        defaultfilters.mark_safe("<b>already safe</b>\nline"),
        "",
    ],
)
def test_linebreaksbr_writes_what_djangos_wrote(text):
    from django.test.html import parse_html

    ours = draw("{{ text|linebreaksbr }}", {"text": text})

    assert parse_html(ours) == parse_html(defaultfilters.linebreaksbr(text, autoescape=True))


def test_translations_follow_the_active_language():
    with translation.override("ar"):
        assert draw('{{ _("Log in") }}') == "تسجيل الدخول"
    with translation.override("en"):
        assert draw('{{ _("Log in") }}') == "Log in"
