"""Changing the account's e-mail address: the current password, a link to the new address, a
notice to the old one. A stolen session alone cannot move the account's e-mail elsewhere."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailChange
from accounts.services import EMAIL_CHANGE_CONFIRM_TEMPLATE, EMAIL_CHANGE_NOTICE_TEMPLATE
from notifications.models import OutboundEmail
from notifications.services import email_render
from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

EDIT_URL = reverse("accounts:profile_edit")
PROFILE_URL = reverse("accounts:profile")
PASSWORD_NEEDED = "لتغيير بريدك الإلكتروني، أدخل كلمة المرور الحالية."
PASSWORD_WRONG = "كلمة المرور غير صحيحة. أدخل كلمة المرور التي تسجّل بها الدخول."
TOO_MANY = "أُدخلت كلمات مرور خاطئة كثيرة. لحمايتك انتظر 15 دقيقة ثم حاول مرة أخرى."
LINK_INVALID = "لا يمكن استخدام رابط التأكيد هذا"


@pytest.fixture
def layla():
    return UserFactory(username="layla", email="layla@example.com", mobile="+966551234567")


@pytest.fixture
def browser(layla):
    client = Client()
    client.force_login(layla)
    return client


def ask_for(browser: Client, email: str, password: str | None = DEMO_PASSWORD, **extra):
    data = {"mobile": "0551234567", "email": email, "preferred_language": "ar", **extra}
    if password is not None:
        data["current_password"] = password
    return browser.post(EDIT_URL, data)


def field_error(page: str, field: str) -> str:
    """The error text shown under one field (crispy's invalid-feedback for it)."""
    match = re.search(rf'id="error_1_id_{field}"[^>]*>\s*<strong>(.*?)</strong>', page, re.S)
    return match.group(1).strip() if match else ""


def confirmation_path(to: str) -> str:
    """The link in the confirmation e-mail, as the recipient reads it."""
    email = OutboundEmail.objects.get(to=to, template=EMAIL_CHANGE_CONFIRM_TEMPLATE)
    link = re.search(r"https?://\S+/accounts/profile/email/confirm/\S+/", email_render(email).body)
    return re.sub(r"^https?://[^/]+", "", link.group(0))


def test_a_new_address_without_the_password_is_refused_next_to_the_field(browser, layla):
    response = ask_for(browser, "thief@example.net", password=None)
    page = response.content.decode()

    assert response.status_code == 200
    assert field_error(page, "current_password") == PASSWORD_NEEDED
    assert 'value="thief@example.net"' in page  # what was typed stays
    assert 'value="0551234567"' in page
    layla.refresh_from_db()
    assert layla.email == "layla@example.com"
    assert not OutboundEmail.objects.exists()


def test_a_wrong_password_is_refused_next_to_the_field(browser, layla):
    page = ask_for(browser, "thief@example.net", password="guess-1").content.decode()

    assert field_error(page, "current_password") == PASSWORD_WRONG
    assert 'value="thief@example.net"' in page
    layla.refresh_from_db()
    assert layla.email == "layla@example.com"
    assert not EmailChange.objects.exists()


def test_the_right_password_sends_a_link_to_the_new_address_and_tells_the_old_one(browser, layla):
    response = ask_for(browser, "layla.new@example.org")

    assert response.url == PROFILE_URL
    layla.refresh_from_db()
    assert layla.email == "layla@example.com"  # not yet: only when the link is opened
    page = browser.get(PROFILE_URL).content.decode()
    assert (
        "لإتمام تغيير بريدك الإلكتروني، افتح الرابط الذي أرسلناه إلى layla.new@example.org. "
        "وحتى ذلك الحين تبقى الرسائل تصل إلى layla@example.com."
    ) in page
    assert "بانتظار التأكيد: <bdi>layla.new@example.org</bdi>" in page

    confirm = email_render(OutboundEmail.objects.get(template=EMAIL_CHANGE_CONFIRM_TEMPLATE))
    assert confirm.to == ["layla.new@example.org"]
    assert confirm.subject == "تأكيد بريدك الإلكتروني الجديد في مقيم تواصل"
    assert "/accounts/profile/email/confirm/" in confirm.body
    notice = email_render(OutboundEmail.objects.get(template=EMAIL_CHANGE_NOTICE_TEMPLATE))
    assert notice.to == ["layla@example.com"]
    assert notice.subject == "طُلب تغيير بريدك الإلكتروني في مقيم تواصل"
    assert "layla.new@example.org" in notice.body
    assert "أعد تعيين كلمة المرور الآن" in notice.body
    assert reverse("accounts:password_reset") in notice.body
    assert 'lang="ar" dir="rtl"' in notice.alternatives[0][0]


def test_the_outbox_keeps_no_usable_link(browser):
    ask_for(browser, "layla.new@example.org")

    # Staff reading the outbox in the admin (or a database dump) find no link to confirm with.
    for email in OutboundEmail.objects.all():
        stored = json.dumps(email.context)
        assert "/confirm/" not in stored
        assert "http" not in stored


def test_english_users_get_the_emails_in_english(layla):
    layla.preferred_language = "en"
    layla.save()
    client = Client()
    client.force_login(layla)
    ask_for(client, "layla.new@example.org", preferred_language="en")

    confirm = email_render(OutboundEmail.objects.get(template=EMAIL_CHANGE_CONFIRM_TEMPLATE))
    notice = email_render(OutboundEmail.objects.get(template=EMAIL_CHANGE_NOTICE_TEMPLATE))
    assert confirm.subject == "Confirm your new e-mail address for Muqeem Tawasul"
    assert notice.subject == "A change of your Muqeem Tawasul e-mail address was asked for"
    assert "The link works once and for 24 hours." in confirm.body


def test_opening_the_link_shows_a_button_and_confirming_changes_the_address_once(browser, layla):
    ask_for(browser, "layla.new@example.org")
    path = confirmation_path("layla.new@example.org")

    # Opening the link (or a mail scanner fetching it) changes nothing by itself.
    page = browser.get(path).content.decode()
    assert "بعد التأكيد تصل رسائل البوابة إلى <bdi>layla.new@example.org</bdi>" in page
    layla.refresh_from_db()
    assert layla.email == "layla@example.com"

    response = browser.post(path)
    assert response.url == PROFILE_URL
    layla.refresh_from_db()
    assert layla.email == "layla.new@example.org"
    profile = browser.get(PROFILE_URL).content.decode()
    assert "أصبح بريدك الإلكتروني الآن layla.new@example.org." in profile

    again = browser.post(path)
    assert again.status_code == 400
    assert LINK_INVALID in again.content.decode()


def test_the_link_asks_for_a_log_in_and_is_not_anyone_elses(browser):
    ask_for(browser, "layla.new@example.org")
    path = confirmation_path("layla.new@example.org")

    anonymous = Client().get(path)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(path).status_code == 404
    assert stranger.post(path).status_code == 404


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda change: EmailChange.objects.filter(pk=change.pk).update(
                created_at=timezone.now() - timedelta(hours=25)
            ),
            id="expired",
        ),
        pytest.param(
            lambda change: change.user.__class__.objects.filter(pk=change.user_id).update(
                email="changed-by-staff@example.com"
            ),
            id="address-changed-since",
        ),
    ],
)
def test_an_old_link_cannot_be_used(browser, layla, spoil):
    ask_for(browser, "layla.new@example.org")
    path = confirmation_path("layla.new@example.org")
    spoil(EmailChange.objects.get())

    response = browser.post(path)
    assert response.status_code == 400
    assert LINK_INVALID in response.content.decode()
    layla.refresh_from_db()
    assert layla.email != "layla.new@example.org"


def test_a_newer_request_retires_the_earlier_link(browser, layla):
    ask_for(browser, "first@example.org")
    first = confirmation_path("first@example.org")
    ask_for(browser, "second@example.org")

    assert browser.post(first).status_code == 400
    assert browser.post(confirmation_path("second@example.org")).url == PROFILE_URL
    layla.refresh_from_db()
    assert layla.email == "second@example.org"


def test_a_forged_link_is_refused(browser):
    ask_for(browser, "layla.new@example.org")
    change = EmailChange.objects.get()
    forged = reverse("accounts:email_change_confirm", kwargs={"token": f"{change.pk}:abc:def"})

    response = browser.post(forged)
    assert response.status_code == 400
    assert LINK_INVALID in response.content.decode()


def test_a_stolen_session_cannot_guess_the_password_here(browser, layla):
    for attempt in range(5):
        page = ask_for(browser, "t@example.net", f"guess-{attempt}").content.decode()
        assert field_error(page, "current_password") == PASSWORD_WRONG

    # Even the right password is not checked any more for a while.
    page = ask_for(browser, "t@example.net", DEMO_PASSWORD).content.decode()
    assert field_error(page, "current_password") == TOO_MANY
    assert not EmailChange.objects.exists()


def test_nor_on_the_password_change_form(browser, layla):
    url = reverse("accounts:password_change")
    new = {"new_password1": "Najd-Palm-Tree-91", "new_password2": "Najd-Palm-Tree-91"}
    for attempt in range(5):
        browser.post(url, {"old_password": f"guess-{attempt}", **new})

    response = browser.post(url, {"old_password": DEMO_PASSWORD, **new})
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    layla.refresh_from_db()
    assert layla.check_password(DEMO_PASSWORD)


def test_other_changes_need_no_password(browser, layla):
    response = ask_for(browser, "LAYLA@example.com", password=None, mobile="0557654321")

    assert response.url == PROFILE_URL
    layla.refresh_from_db()
    assert (layla.mobile, layla.email) == ("+966557654321", "layla@example.com")
    assert not OutboundEmail.objects.exists()


@pytest.mark.real_services
@pytest.mark.django_db(transaction=True)
def test_through_the_real_worker_the_link_is_made_at_delivery_and_works(
    celery_worker_process, smtp_server, wait_until
):
    layla = UserFactory(username="layla", email="layla@example.com")
    client = Client()
    client.force_login(layla)
    assert ask_for(client, "layla.new@example.org").url == PROFILE_URL

    rows = {row.template: row for row in OutboundEmail.objects.all()}
    confirm = smtp_server.wait_for_message_id(rows[EMAIL_CHANGE_CONFIRM_TEMPLATE].message_id)
    notice = smtp_server.wait_for_message_id(rows[EMAIL_CHANGE_NOTICE_TEMPLATE].message_id)
    assert confirm.rcpt_tos == ["layla.new@example.org"]
    assert notice.rcpt_tos == ["layla@example.com"]
    link = re.search(r"https?://\S+/accounts/profile/email/confirm/\S+/", confirm.text).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)

    assert client.post(path).url == PROFILE_URL
    layla.refresh_from_db()
    assert layla.email == "layla.new@example.org"
