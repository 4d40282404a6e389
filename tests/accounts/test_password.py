"""Password change for a logged-in user; password reset by e-mail through the outbox."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import PASSWORD_RESET_TEMPLATE
from notifications.models import OutboundEmail
from notifications.services import email_render
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.notifications.mail import link_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Najd-Palm-Tree-91"
ARABIC_SUBJECT = "إعادة تعيين كلمة المرور في مقيم تواصل"
INVALID_LINK = (
    "رابط إعادة تعيين كلمة المرور غير صالح: فقد استُخدم من قبل أو انتهت صلاحيته. اطلب رابطًا جديدًا."
)


def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_user_changes_password_and_logs_in_with_the_new_one(
    client, user, django_assert_max_num_queries
):
    client.force_login(user)
    with django_assert_max_num_queries(3):
        assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.url == reverse("accounts:password_change_done")
    done = client.get(response.url).content.decode()
    assert "تم تغيير كلمة المرور" in done
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_wrong_current_password_is_refused_in_arabic(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    # Django's own Arabic catalogue words this one.
    assert "كلمة مرورك القديمة غير صحيحة. رجاءً أدخلها مرة أخرى." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_too_short_new_password_is_refused_in_arabic(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "Qz7", "new_password2": "Qz7"},
    )
    assert response.status_code == 200
    assert "كلمة المرور هذه قصيرة جدًا. يجب ألا تقل عن 8 أحرف." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)


def test_reset_request_queues_one_outbox_email_with_an_arabic_subject(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="layla@example.com", preferred_language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "LAYLA@example.com"})
    assert response.url == reverse("accounts:password_reset_done")

    email = OutboundEmail.objects.get()
    assert (email.to, email.template, email.language) == (
        "layla@example.com",
        PASSWORD_RESET_TEMPLATE,
        "ar",
    )
    # The worker (Celery eager in tests) delivered it on commit, with the Arabic subject.
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == ARABIC_SUBJECT
    assert sent.to == [user.email]
    assert "http://127.0.0.1:8000/accounts/password/reset/" in sent.body
    assert user.full_name in sent.body
    html = sent.alternatives[0][0]
    assert 'lang="ar" dir="rtl"' in html
    assert link_in(sent.body, "/accounts/password/reset/") in html


def test_reset_email_follows_the_users_language(client, settings):
    settings.SITE_URL = "https://muqeem.example/"
    UserFactory(email="john@example.com", preferred_language="en")
    client.post(reverse("accounts:password_reset"), {"email": "john@example.com"})
    email = OutboundEmail.objects.get()
    assert email.language == "en"
    message = email_render(email)
    assert message.subject == "Reset your Muqeem Tawasul password"
    assert "https://muqeem.example/accounts/password/reset/" in message.body


def test_unknown_address_gets_the_same_page_and_no_email(client):
    UserFactory(email="layla@example.com")
    known = client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("accounts:password_reset_done")
    assert OutboundEmail.objects.count() == 1
    done = client.get(unknown.url).content.decode()
    assert "تحقق من بريدك الإلكتروني" in done


def test_inactive_user_gets_no_reset_email(client):
    UserFactory(email="gone@example.com", is_active=False)
    client.post(reverse("accounts:password_reset"), {"email": "gone@example.com"})
    assert not OutboundEmail.objects.exists()


def test_reset_form_errors_are_arabic_and_keep_what_was_typed(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "layla-at-example"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.com." in page
    assert 'value="layla-at-example"' in page


def test_reset_link_sets_a_new_password_and_works_only_once(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="layla@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
    path = link_in(mail.outbox[0].body, "/accounts/password/reset/")

    set_password_page = client.get(path, follow=True)
    assert "اختر كلمة مرور جديدة" in set_password_page.content.decode()
    form_url = set_password_page.redirect_chain[-1][0]
    mismatch = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "حقلا كلمة المرور غير متطابقين." in mismatch.content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("accounts:password_reset_complete")
    assert "حُفظت كلمة المرور" in client.get(response.url).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    again = client.get(path, follow=True).content.decode()
    assert INVALID_LINK in again
    assert 'name="new_password1"' not in again


def test_forged_reset_link_is_refused(client, user):
    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})
    )
    assert INVALID_LINK in response.content.decode()


def test_reset_pages_query_count_is_bounded(client, django_assert_max_num_queries):
    UserFactory(email="layla@example.com")
    with django_assert_max_num_queries(2):
        client.get(reverse("accounts:password_reset"))
    with django_assert_max_num_queries(6):
        client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
