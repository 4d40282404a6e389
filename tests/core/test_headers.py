"""Every page carries the Content-Security-Policy, and every response that may hold someone's data
says `Cache-Control: private, no-store`, so that neither a proxy nor the browser keeps a copy of a
person's page; the static files keep their long public cache.

The table below names a page for every URL of the portal: a URL added without a line here fails
`test_every_portal_url_is_checked`.
"""

import pytest
from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services as accounts_services
from accounts.tokens import email_change_confirm_path
from core.middleware import ContentSecurityPolicyMiddleware
from ratings.tokens import rating_token
from subscriptions.tokens import activation_token_generator
from tawasul import services as tawasul_services
from tawasul.models import Section, ServiceType
from tests.eservices.factories import EstablishmentAccountFactory, ResidentFactory
from tests.factories import UserFactory, establishment_with_primary_user, verified_login
from tests.subscriptions.factories import EstablishmentRequestFactory, IndividualRequestFactory
from tests.tawasul.factories import AttachmentFactory, IncidentFactory, TawasulRequestFactory

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'none'"},
    "object-src": {"'none'"},
}


def policy_of(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    policy = {}
    for directive in filter(None, (part.strip() for part in header.split(";"))):
        name, *sources = directive.split()
        policy[name] = set(sources)
    return policy


def cache_control_of(response) -> set[str]:
    header = response.headers.get("Cache-Control", "")
    return {part.strip().split("=")[0] for part in header.split(",") if part.strip()}


def is_html_page(response) -> bool:
    """A page drawn for the visitor (not a redirect, not an empty 405)."""
    return response["Content-Type"].startswith("text/html") and b"<html" in response.content


def expected_policy(name: str, response) -> dict[str, set[str]]:
    # A downloaded document gets a stricter policy of its own: nothing runs, even opened in a tab.
    if name == "tawasul:attachment_download" and response.status_code == 200:
        return {"default-src": {"'none'"}, "sandbox": set()}
    return EXPECTED_POLICY


@pytest.fixture
def owner(db):
    """An establishment's primary user with something on every page: a resident, an incident, a
    Tawasul request with a document, a draft, a subscription request."""
    establishment = establishment_with_primary_user(full_name="سارة أحمد القحطاني")
    EstablishmentAccountFactory(establishment=establishment)
    return establishment.primary_user


@pytest.fixture
def pages(owner) -> dict[str, str]:
    """A path for every named URL of the portal (the admin's are checked apart)."""
    resident = ResidentFactory(establishment=owner.establishment)
    incident = IncidentFactory(user=owner)
    tawasul_request = TawasulRequestFactory(requester=owner)
    attachment = AttachmentFactory(request=tawasul_request)
    draft = tawasul_services.draft_save(
        user=owner,
        incident=incident,
        section=Section.VISAS,
        service_type=ServiceType.EXIT_REENTRY_VISA,
        description="لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم.",
        files=[],
    )
    subscription_request = EstablishmentRequestFactory(requester=owner)
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    newcomer = UserFactory(is_active=False)
    newcomer_uid = urlsafe_base64_encode(force_bytes(newcomer.pk))
    return {
        "home": "/",
        "health": reverse("health"),
        "security_txt": reverse("security_txt"),
        "security_policy": reverse("security_policy"),
        "set_language": reverse("set_language"),
        "accounts:login": reverse("accounts:login"),
        "accounts:logout": reverse("accounts:logout"),
        "accounts:profile": reverse("accounts:profile"),
        "accounts:profile_edit": reverse("accounts:profile_edit"),
        "accounts:password_change": reverse("accounts:password_change"),
        "accounts:password_change_done": reverse("accounts:password_change_done"),
        "accounts:password_reset": reverse("accounts:password_reset"),
        "accounts:password_reset_done": reverse("accounts:password_reset_done"),
        "accounts:password_reset_confirm": reverse(
            "accounts:password_reset_confirm",
            args=[uid, default_token_generator.make_token(owner)],
        ),
        "accounts:password_reset_complete": reverse("accounts:password_reset_complete"),
        "accounts:email_change_confirm": email_change_confirm_path(
            accounts_services.user_email_change_request(
                user=owner, new_email="sara.new@example.sa"
            ).pk
        ),
        "staffauth:verify": reverse("staffauth:verify"),
        "staffauth:setup": reverse("staffauth:setup"),
        "eservices:index": reverse("eservices:index"),
        "eservices:resident_detail": reverse("eservices:resident_detail", args=[resident.pk]),
        "eservices:visa_create": reverse("eservices:visa_create", args=[resident.pk]),
        "eservices:iqama_renewal_create": reverse(
            "eservices:iqama_renewal_create", args=[resident.pk]
        ),
        "tawasul:request_list": reverse("tawasul:request_list"),
        "tawasul:request_create": reverse("tawasul:request_create")
        + f"?incident={incident.reference}",
        "tawasul:draft_edit": reverse("tawasul:draft_edit", args=[draft.pk]),
        "tawasul:draft_review": reverse("tawasul:draft_review", args=[draft.pk]),
        "tawasul:request_detail": reverse("tawasul:request_detail", args=[tawasul_request.number]),
        "tawasul:request_received": reverse(
            "tawasul:request_received", args=[tawasul_request.number]
        ),
        "tawasul:attachment_download": reverse("tawasul:attachment_download", args=[attachment.pk]),
        "tawasul:request_receipt": reverse(
            "tawasul:request_receipt", args=[tawasul_request.number]
        ),
        "privacy:notice": reverse("privacy:notice"),
        "privacy:my_data": reverse("privacy:my_data"),
        "ratings:rate": reverse("ratings:rate", args=[rating_token(request_id=tawasul_request.pk)]),
        "ratings:page_feedback": reverse("ratings:page_feedback", args=["password_changed"]),
        "subscriptions:start": reverse("subscriptions:start"),
        "subscriptions:individual": reverse("subscriptions:individual"),
        "subscriptions:establishment": reverse("subscriptions:establishment"),
        "subscriptions:status": reverse("subscriptions:status"),
        "subscriptions:detail": reverse("subscriptions:detail", args=[subscription_request.number]),
        "subscriptions:receipt": reverse(
            "subscriptions:receipt", args=[subscription_request.number]
        ),
        "subscriptions:activate": reverse(
            "subscriptions:activate",
            args=[newcomer_uid, activation_token_generator.make_token(newcomer)],
        ),
    }


def _url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_portal_url_is_checked(pages):
    portal = {
        name for name in _url_names(get_resolver().url_patterns) if not name.startswith("admin:")
    }

    assert portal == set(pages)


def test_every_page_has_the_policy_and_keeps_nothing_for_an_anonymous_visitor(client, pages):
    for name, path in pages.items():
        response = client.get(path)

        assert policy_of(response) == expected_policy(name, response), (name, response.status_code)
        if is_html_page(response):
            # Every page carries a CSRF token (the language switch is a form, and so are most).
            assert {"private", "no-store"} <= cache_control_of(response), name


def test_no_response_to_a_signed_in_user_is_kept(client, owner, pages):
    client.force_login(owner)
    # Each page twice: drawn, then (where speed/pages.py keeps it) served from memory.
    for name, path in [*pages.items(), *pages.items()]:
        response = client.get(path)

        assert response.status_code < 500, name
        assert policy_of(response) == expected_policy(name, response), (name, response.status_code)
        assert {"private", "no-store"} <= cache_control_of(response), (name, response.status_code)


def test_the_pages_behind_one_time_links_are_kept_nowhere(client, pages):
    # The link redirects to a page without the token in its URL: the form for the new password.
    for name in ("accounts:password_reset_confirm", "subscriptions:activate"):
        form_page = client.get(client.get(pages[name]).url)

        assert form_page.status_code == 200, name
        assert 'name="new_password1"' in form_page.content.decode(), name
        assert policy_of(form_page) == EXPECTED_POLICY
        assert {"private", "no-store"} <= cache_control_of(form_page), name


def test_a_status_look_up_answer_is_kept_nowhere(client):
    subscription_request = IndividualRequestFactory(mobile="+966501234567")

    response = client.post(
        reverse("subscriptions:status"),
        {"number": subscription_request.number, "contact": "0501234567"},
    )

    assert subscription_request.number in response.content.decode()
    assert {"private", "no-store"} <= cache_control_of(response)


def test_error_pages_have_the_policy_and_are_kept_nowhere(client, owner):
    anonymous = client.get("/no-such-page/")
    client.force_login(owner)
    signed_in = client.get("/no-such-page/")

    for response in (anonymous, signed_in):
        assert response.status_code == 404
        assert policy_of(response) == EXPECTED_POLICY
        assert {"private", "no-store"} <= cache_control_of(response)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:tawasul_tawasulrequest_changelist",
        "admin:tawasul_tawasulrequest_change",
        "admin:subscriptions_subscriptionrequest_changelist",
        "admin:notifications_outboundemail_changelist",
    ],
)
def test_admin_pages_have_the_policy_and_are_kept_nowhere(client, url_name):
    tawasul_request = TawasulRequestFactory()
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    args = [tawasul_request.pk] if url_name.endswith("_change") else []

    response = client.get(reverse(url_name, args=args))

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    assert {"private", "no-store"} <= cache_control_of(response)


def test_static_files_keep_their_public_cache_even_for_a_signed_in_user(client, owner):
    client.force_login(owner)

    response = client.get("/static/css/portal.css")

    assert response.status_code == 200
    assert "public" in cache_control_of(response)
    assert "no-store" not in cache_control_of(response)
    assert "private" not in cache_control_of(response)


# -- the policy built once per process (core.middleware.ContentSecurityPolicyMiddleware) -------


def _page(request):
    return HttpResponse("<p>page</p>")


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (_page, EXPECTED_POLICY),
        (
            csp_update({"img-src": ["https://maps.example.sa"]})(_page),
            {**EXPECTED_POLICY, "img-src": {"'self'", "data:", "https://maps.example.sa"}},
        ),
        (csp_exempt()(_page), {}),
    ],
    ids=["plain", "changed by a view", "exempted by a view"],
)
def test_the_policy_built_once_is_the_one_django_csp_builds(view, expected):
    middleware = ContentSecurityPolicyMiddleware(view)
    for _attempt in ("built", "reused"):
        ours = middleware(RequestFactory().get("/"))
        django_csp = CSPMiddleware(view)(RequestFactory().get("/"))

        assert policy_of(ours) == policy_of(django_csp) == expected
