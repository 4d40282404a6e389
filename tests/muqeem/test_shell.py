"""The portal shell every page shares: language and direction, header, navigation, error pages."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HTML_AR = '<html lang="ar" dir="rtl">'
HTML_EN = '<html lang="en" dir="ltr">'


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_page_opens_in_arabic_right_to_left_with_the_rtl_bootstrap(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert HTML_AR in page
    assert "bootstrap.rtl.min.css" in page
    assert "بوابة مقيم للخدمات الإلكترونية" in page


def test_browser_language_does_not_switch_the_portal_to_english(client):
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()

    assert HTML_AR in page


def test_english_visitor_gets_left_to_right_page_and_plain_bootstrap(client):
    page = english(client).get("/").content.decode()

    assert HTML_EN in page
    assert "bootstrap.min.css" in page
    assert "bootstrap.rtl.min.css" not in page
    assert "Muqeem e-services portal" in page


def test_header_links_to_every_section_and_offers_log_in_to_a_visitor(client):
    page = client.get("/").content.decode()

    for name in ("home", "eservices:index", "tawasul:request_list", "subscriptions:start"):
        assert f'href="{reverse(name)}"' in page
    assert f'href="{reverse("accounts:login")}"' in page
    for label in ("الخدمات الإلكترونية", "تواصل", "طلب اشتراك", "تسجيل الدخول"):
        assert label in page
    assert "تسجيل الخروج" not in page


def test_logged_in_user_sees_own_name_and_a_log_out_button_that_posts(logged_in_client, user):
    page = logged_in_client.get("/").content.decode()

    assert user.get_short_name() in page
    assert f'href="{reverse("accounts:profile")}"' in page
    log_out_form = re.search(
        rf'<form method="post"\s+action="{reverse("accounts:logout")}".*?</form>', page, re.S
    )
    assert log_out_form is not None
    assert "csrfmiddlewaretoken" in log_out_form.group(0)
    assert "تسجيل الخروج" in log_out_form.group(0)


def test_language_switch_on_every_page_posts_to_set_language_and_returns_to_the_page(client):
    page = client.get(reverse("subscriptions:start")).content.decode()
    switch = re.search(
        rf'<form method="post"\s+action="{reverse("set_language")}".*?</form>', page, re.S
    )
    assert switch is not None
    assert f'name="next" value="{reverse("subscriptions:start")}"' in switch.group(0)
    assert 'name="language"' in switch.group(0)
    assert 'value="en"' in switch.group(0)

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("subscriptions:start")}
    )

    assert response.status_code == 302
    assert response.url == reverse("subscriptions:start")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert HTML_EN in client.get(reverse("subscriptions:start")).content.decode()


def test_current_section_is_marked_in_the_navigation(client):
    page = client.get(reverse("subscriptions:start")).content.decode()
    header = page[page.index("<header") : page.index("</header>")]

    current = re.findall(
        r'<a class="nav-link active"\s+aria-current="page"\s+href="([^"]+)"', header
    )
    assert current == [reverse("subscriptions:start")]


def test_pages_name_no_other_host_for_styles_scripts_fonts_or_images(client):
    for language in ("ar", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get("/").content.decode()
        references = re.findall(r'(?:src|href)="([^"]*)"', page)
        assert references
        assert [ref for ref in references if re.match(r"^(?:[a-z]+:)?//", ref)] == []
        assert "<script src=" in page
        assert all(
            ref.startswith(settings.STATIC_URL)
            for ref in re.findall(
                r'<(?:script|link rel="stylesheet"|img)[^>]*(?:src|href)="([^"]+)"', page
            )
        )


def test_home_page_has_skip_link_main_landmark_and_one_h1(client):
    page = client.get("/").content.decode()

    assert 'href="#main"' in page
    assert '<main id="main"' in page
    assert page.count("<h1") == 1


def test_home_page_reads_the_database_a_bounded_number_of_times(
    logged_in_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert logged_in_client.get("/").status_code == 200


@pytest.mark.urls("tests.muqeem.urls_errors")
@pytest.mark.parametrize(
    ("path", "status", "title", "message"),
    [
        (
            "/no-such-page/",
            404,
            "الصفحة غير موجودة",
            "الصفحة التي طلبتها غير موجودة أو غير متاحة لك.",
        ),
        ("/test-forbidden/", 403, "تعذّر الوصول", "ليست لديك صلاحية لفتح هذه الصفحة."),
        (
            "/test-broken/",
            500,
            "حدث خطأ",
            "تعذّر على الخدمة إكمال طلبك. يُرجى المحاولة مرة أخرى بعد بضع دقائق.",
        ),
    ],
)
def test_error_pages_are_arabic_inside_the_portal_shell(client, path, status, title, message):
    client.raise_request_exception = False

    response = client.get(path)

    assert response.status_code == status
    page = response.content.decode()
    assert HTML_AR in page
    assert f'<h1 class="h3">{title}</h1>' in page
    assert message in page
    assert "العودة إلى الصفحة الرئيسية" in page
    assert 'action="/i18n/setlang/"' in page  # the language switch is there too


@pytest.mark.urls("tests.muqeem.urls_errors")
def test_not_found_page_in_english_for_an_english_visitor(client):
    response = english(client).get("/no-such-page/")

    assert response.status_code == 404
    assert HTML_EN in response.content.decode()
    assert "Page not found" in response.content.decode()


def test_only_staff_see_the_administration_link(client, user):
    admin_link = f'href="{reverse("admin:index")}"'
    client.force_login(user)
    assert admin_link not in client.get("/").content.decode()

    user.is_staff = True
    user.save(update_fields=["is_staff"])
    page = client.get("/").content.decode()

    assert admin_link in page
    assert "لوحة الإدارة" in page


def test_a_form_sent_without_its_security_token_gets_an_arabic_explanation(client):
    client.handler.enforce_csrf_checks = True

    response = client.post(reverse("accounts:login"), {"username": "demo", "password": "x"})

    assert response.status_code == 403
    page = response.content.decode()
    assert HTML_AR in page
    assert "تعذّر إرسال النموذج" in page
    assert "العودة إلى الصفحة الرئيسية" in page
