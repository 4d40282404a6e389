"""Every error page records an incident and shows its reference and the "تواصل" link (step 2)."""

from urllib.parse import quote

import pytest
from django.db import OperationalError
from django.urls import reverse

from tawasul import errors as error_views
from tawasul.models import Incident
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.eservices.urls")]


def tawasul_link_for(incident) -> str:
    return f"{reverse('tawasul:request_create')}?incident={incident.reference}"


def test_a_missing_page_records_an_incident_and_links_to_tawasul(logged_in_client, user):
    response = logged_in_client.get("/eservices/no-such-page/")

    assert response.status_code == 404
    incident = Incident.objects.get()
    assert (incident.code, incident.user, incident.path) == (
        "http_404",
        user,
        "/eservices/no-such-page/",
    )
    assert incident.message == "الصفحة التي طلبتها غير موجودة أو غير متاحة لك."
    page = response.content.decode()
    assert "الصفحة غير موجودة" in page
    assert incident.reference in page
    assert tawasul_link_for(incident) in page


def test_an_anonymous_visitor_goes_through_log_in_to_reach_tawasul(client):
    response = client.get("/no-such-page/")

    incident = Incident.objects.get()
    assert incident.user is None
    next_url = quote(tawasul_link_for(incident), safe="")
    login_then_tawasul = f"{reverse('accounts:login')}?next={next_url}"
    page = response.content.decode()
    assert login_then_tawasul in page
    assert "سيُطلب منك تسجيل الدخول أولًا." in page


def test_a_forbidden_page_records_an_incident(logged_in_client, user):
    response = logged_in_client.get("/test-only/forbidden/")

    assert response.status_code == 403
    incident = Incident.objects.get()
    assert (incident.code, incident.user) == ("http_403", user)
    page = response.content.decode()
    assert "ليست لديك صلاحية لفتح هذه الصفحة." in page
    assert tawasul_link_for(incident) in page


def test_a_server_error_records_an_incident(logged_in_client, user):
    logged_in_client.raise_request_exception = False

    response = logged_in_client.get("/test-only/broken/")

    assert response.status_code == 500
    incident = Incident.objects.get()
    assert (incident.code, incident.user, incident.path) == ("http_500", user, "/test-only/broken/")
    assert tawasul_link_for(incident) in response.content.decode()


def test_the_500_page_still_answers_when_the_incident_cannot_be_recorded(
    logged_in_client, monkeypatch
):
    def database_down(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("tawasul.services.incident_record", database_down)
    logged_in_client.raise_request_exception = False

    response = logged_in_client.get("/test-only/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "تعذّر على الخدمة إكمال طلبك." in page
    assert "INC-" not in page


def test_the_500_page_falls_back_to_plain_html_when_templates_fail(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(error_views, "render", broken)
    monkeypatch.setattr(error_views.loader, "render_to_string", broken)
    client.raise_request_exception = False

    response = client.get("/test-only/broken/")

    assert response.status_code == 500
    assert "تعذّر إكمال طلبك" in response.content.decode()


def test_the_500_page_renders_without_the_request_when_the_session_is_broken(client, monkeypatch):
    def render_fails_with_the_request(request, *args, **kwargs):
        raise OperationalError("no session table")

    monkeypatch.setattr(error_views, "render", render_fails_with_the_request)
    client.raise_request_exception = False

    response = client.get("/test-only/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert Incident.objects.get().reference in page


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/missing.css",
        "/favicon.ico",
        "/robots.txt",
        "/wp-login.php",
        "/.env",
        "/apple-touch-icon.png",
    ],
)
def test_assets_and_probes_record_no_incident(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert not Incident.objects.exists()


def test_bots_record_no_incident(client):
    client.get("/no-such-page/", headers={"User-Agent": "Googlebot/2.1"})
    client.get("/no-such-page/", headers={"Accept": "application/json"})
    client.head("/no-such-page/")

    assert not Incident.objects.exists()


def test_an_anonymous_flood_of_404s_records_a_bounded_number_of_incidents(client):
    for number in range(error_views.ANONYMOUS_INCIDENTS_PER_WINDOW + 15):
        response = client.get(f"/scan/{number}/", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 404

    assert Incident.objects.count() == error_views.ANONYMOUS_INCIDENTS_PER_WINDOW


def test_behind_a_proxy_each_visitor_has_an_allowance_of_their_own(client, settings):
    # Every request arrives from the proxy's address; the visitor is in X-Forwarded-For.
    settings.TRUSTED_PROXY_HOPS = 1
    limit = error_views.ANONYMOUS_INCIDENTS_PER_WINDOW
    for visitor in ("198.51.100.1", "198.51.100.2"):
        for number in range(limit + 5):
            client.get(
                f"/scan/{visitor}/{number}/",
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=visitor,
            )

    assert Incident.objects.count() == 2 * limit


def test_a_logged_in_flood_of_404s_records_a_bounded_number_of_incidents(logged_in_client, user):
    for number in range(60):
        response = logged_in_client.get(f"/missing/{number}/")

    assert Incident.objects.filter(user=user).count() == error_views.USER_INCIDENTS_PER_WINDOW
    # Past the allowance the page still explains the error and still offers Tawasul, without a
    # reference; the link opens the new-request form.
    assert response.status_code == 404
    page = response.content.decode()
    assert "الصفحة التي طلبتها غير موجودة أو غير متاحة لك." in page
    assert "INC-" not in page
    assert f'href="{reverse("tawasul:request_create")}"' in page
    assert logged_in_client.get(reverse("tawasul:request_create")).status_code == 200


def test_an_anonymous_visitor_past_the_allowance_is_still_offered_tawasul(client):
    for number in range(error_views.ANONYMOUS_INCIDENTS_PER_WINDOW + 1):
        response = client.get(f"/scan/{number}/", REMOTE_ADDR="203.0.113.9")

    page = response.content.decode()
    assert "INC-" not in page
    next_url = quote(reverse("tawasul:request_create"), safe="")
    assert f"{reverse('accounts:login')}?next={next_url}" in page


def test_each_user_has_an_allowance_of_their_own_not_their_address(client, user):
    # A scanner has spent the address's anonymous allowance; users behind the same address have
    # their own, and one user's flood does not spend another's.
    address = "203.0.113.10"
    for number in range(error_views.ANONYMOUS_INCIDENTS_PER_WINDOW):
        client.get(f"/scan/{number}/", REMOTE_ADDR=address)
    flooder = UserFactory()
    client.force_login(flooder)
    for number in range(error_views.USER_INCIDENTS_PER_WINDOW + 5):
        client.get(f"/missing/{number}/", REMOTE_ADDR=address)
    client.force_login(user)

    client.get("/missing/after-the-flood/", REMOTE_ADDR=address)

    assert Incident.objects.filter(user=None).count() == error_views.ANONYMOUS_INCIDENTS_PER_WINDOW
    assert Incident.objects.filter(user=flooder).count() == error_views.USER_INCIDENTS_PER_WINDOW
    assert Incident.objects.get(user=user).path == "/missing/after-the-flood/"


def test_a_very_long_path_is_cut_in_the_incident(logged_in_client):
    logged_in_client.get("/" + "a" * 3000 + "/")

    assert len(Incident.objects.get().path) == error_views.INCIDENT_PATH_MAX_LENGTH


@pytest.mark.parametrize("path", ["/no-such-page/", "/test-only/forbidden/", "/test-only/broken/"])
def test_error_pages_have_bounded_queries(logged_in_client, django_assert_max_num_queries, path):
    logged_in_client.raise_request_exception = False
    with django_assert_max_num_queries(6):
        logged_in_client.get(path)


def test_a_form_refused_by_the_csrf_check_explains_and_records_an_incident(user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)

    response = csrf_client.post(reverse("accounts:logout"))

    assert response.status_code == 403
    incident = Incident.objects.get()
    assert incident.code == "http_403"
    assert incident.message == (
        "تعذّر إرسال النموذج لأن الصفحة انتهت صلاحيتها. ارجع وأعد تحميل الصفحة ثم حاول مرة أخرى."
    )
    page = response.content.decode()
    assert incident.message in page
    assert tawasul_link_for(incident) in page
