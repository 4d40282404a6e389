"""Reset and activation links are made when the e-mail is sent: the outbox row, and the admin page
that shows it, hold the account's id and the link's kind, never the link or its token. The e-mail
that arrives has a link that works."""

import importlib
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts.roles import SUBSCRIPTION_OFFICERS
from notifications import services
from notifications.links import email_link
from notifications.models import OutboundEmail
from subscriptions import services as subscription_services
from tests.factories import DEMO_PASSWORD, UserFactory, verified_login
from tests.notifications.mail import link_in
from tests.subscriptions.factories import IndividualRequestFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"
ACTIVATE = "/subscriptions/activate/"
NEW_PASSWORD = "Najd-Palm-Tree-91"


def everything_stored() -> str:
    """Every column of every outbox row, as one text."""
    return json.dumps(list(OutboundEmail.objects.values()), default=str, ensure_ascii=False)


def admin_pages(client) -> str:
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    pages = [client.get(reverse("admin:notifications_outboundemail_changelist"))]
    for pk in OutboundEmail.objects.values_list("pk", flat=True):
        pages.append(client.get(reverse("admin:notifications_outboundemail_change", args=[pk])))
    assert all(page.status_code == 200 for page in pages)
    return "".join(page.content.decode() for page in pages)


@pytest.fixture
def officer(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=SUBSCRIPTION_OFFICERS))
    return user


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def test_a_queued_reset_holds_the_users_id_and_no_link(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="layla@example.com")
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
    email = OutboundEmail.objects.get()
    assert email.links == {
        "reset_url": {"kind": "accounts.password_reset", "params": {"user_id": user.pk}}
    }
    assert RESET not in everything_stored()


def test_no_reset_token_is_stored_or_shown_and_the_delivered_link_works(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="layla@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
    path = link_in(mail.outbox[0].body, RESET)

    assert token_of(path) not in everything_stored()
    assert RESET not in everything_stored()
    pages = admin_pages(client)
    assert token_of(path) not in pages and RESET not in pages

    client.logout()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_no_activation_token_is_stored_or_shown_and_the_delivered_link_works(
    client, officer, django_capture_on_commit_callbacks
):
    request = IndividualRequestFactory(national_id="1000000008")
    with django_capture_on_commit_callbacks(execute=True):
        subscription_services.subscription_request_approve(
            subscription_request=request, decided_by=officer
        )
    path = link_in(mail.outbox[0].body, ACTIVATE)

    stored = everything_stored()
    assert token_of(path) not in stored and ACTIVATE not in stored
    pages = admin_pages(client)
    assert token_of(path) not in pages and ACTIVATE not in pages

    client.logout()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD})
    request.refresh_from_db()
    assert request.user.is_active
    assert request.user.check_password(DEMO_PASSWORD)


def test_a_reset_for_an_account_deactivated_meanwhile_is_not_sent(client):
    user = UserFactory(email="layla@example.com")
    client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
    user.is_active = False
    user.save()
    email = OutboundEmail.objects.get()
    assert services.email_deliver(email_id=email.pk).status is services.Delivery.GAVE_UP
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.last_error.startswith("LinkUnavailable")
    assert mail.outbox == []


def test_a_link_of_a_kind_nobody_builds_fails_the_caller_at_once():
    with pytest.raises(ImproperlyConfigured):
        email_link("accounts.no_such_link", user_id=1)


def test_links_stored_before_the_change_are_taken_out_of_the_outbox():
    # Rows written by the old code kept the link in their context.
    user = UserFactory(username="1000000008", email="layla@example.com")
    old_link = "http://127.0.0.1:8000/accounts/password/reset/MQ/c4z2-0123456789abcdef/"
    pending = OutboundEmail.objects.create(
        to=user.email,
        template="accounts/password_reset",
        language="ar",
        context={"username": user.username, "reset_url": old_link, "valid_hours": 24},
    )
    sent = OutboundEmail.objects.create(
        to="other@example.com",
        template="subscriptions/approved_activate",
        language="ar",
        status=OutboundEmail.Status.SENT,
        context={"username": "gone", "activation_path": "/subscriptions/activate/Mg/abc-def/"},
    )
    migration = importlib.import_module("notifications.migrations.0003_outbox_links")
    migration.links_out_of_context(apps, None)

    assert "c4z2-0123456789abcdef" not in everything_stored()
    assert "abc-def" not in everything_stored()
    pending.refresh_from_db()
    sent.refresh_from_db()
    assert pending.links == {
        "reset_url": {"kind": "accounts.password_reset", "params": {"user_id": user.pk}}
    }
    assert sent.status == OutboundEmail.Status.SENT
    # The waiting one still goes out, with a link made now.
    services.email_deliver(email_id=pending.pk)
    assert link_in(mail.outbox[0].body, RESET) != old_link


@pytest.mark.real_services
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_a_reset_link_that_works_and_stores_none(
    client, celery_worker_process, smtp_server, wait_until
):
    user = UserFactory(email="layla@example.com", preferred_language="ar")
    client.post(reverse("accounts:password_reset"), {"email": "layla@example.com"})
    # The worker looks the address up and queues the e-mail (the web request never does).
    email = wait_until(OutboundEmail.objects.first, message="the reset e-mail queued by the worker")
    received = smtp_server.wait_for_message_id(email.message_id)
    path = link_in(received.text, RESET)
    assert path in received.html

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert token_of(path) not in everything_stored()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
