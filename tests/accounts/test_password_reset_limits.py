"""Password reset under abuse: limits per e-mail address and per client, and a request that costs
the same whether or not an account uses the address."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts import tasks
from notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET_URL = reverse("accounts:password_reset")
DONE_URL = reverse("accounts:password_reset_done")
CLIENT_LIMITED = (
    "أُرسل عدد كبير من طلبات إعادة تعيين كلمة المرور من عنوان شبكتك. انتظر قليلًا ثم حاول مرة أخرى."
)


def ask(browser: Client, email: str):
    return browser.post(RESET_URL, {"email": email})


def test_a_burst_of_requests_for_one_address_sends_three_emails_and_reads_the_same_each_time():
    UserFactory(email="layla@example.com")
    browser = Client()
    answers = [ask(browser, typed) for typed in ["layla@example.com", "LAYLA@example.com"] * 4]

    assert [(a.status_code, a.url) for a in answers] == [(302, DONE_URL)] * 8
    assert OutboundEmail.objects.filter(to="layla@example.com").count() == 3


def test_the_address_limit_does_not_tell_a_known_address_from_an_unknown_one():
    UserFactory(email="layla@example.com")
    known = [ask(Client(), "layla@example.com") for _ in range(5)]
    unknown = [ask(Client(), "nobody@example.com") for _ in range(5)]

    assert [(a.status_code, a.url) for a in known] == [(a.status_code, a.url) for a in unknown]


def test_one_client_is_stopped_after_ten_requests_in_arabic_with_the_address_kept():
    UserFactory(email="victim@example.com")
    browser = Client(REMOTE_ADDR="203.0.113.66")
    for number in range(10):
        assert ask(browser, f"someone{number}@example.com").url == DONE_URL

    refused = ask(browser, "victim@example.com")
    page = refused.content.decode()
    assert refused.status_code == 429
    assert CLIENT_LIMITED in page
    assert 'value="victim@example.com"' in page
    assert not OutboundEmail.objects.filter(to="victim@example.com").exists()


def test_behind_a_proxy_each_client_has_an_allowance_of_its_own(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    UserFactory(email="layla@example.com")
    attacker = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for number in range(11):
        ask(attacker, f"someone{number}@example.com")
    assert ask(attacker, "layla@example.com").status_code == 429

    real_user = Client(REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert ask(real_user, "layla@example.com").url == DONE_URL
    assert OutboundEmail.objects.filter(to="layla@example.com").count() == 1


def test_ipv4_clients_on_a_dual_stack_socket_each_have_an_allowance_of_their_own():
    # The socket shows IPv4 clients as ::ffff:a.b.c.d; they must not share one bucket.
    UserFactory(email="layla@example.com")
    attacker = Client(REMOTE_ADDR="::ffff:203.0.113.66")
    for number in range(11):
        ask(attacker, f"someone{number}@example.com")

    real_user = Client(REMOTE_ADDR="::ffff:198.51.100.7")
    assert ask(real_user, "layla@example.com").url == DONE_URL
    assert OutboundEmail.objects.filter(to="layla@example.com").count() == 1


def test_known_and_unknown_addresses_cost_the_request_the_same(
    monkeypatch, django_assert_num_queries
):
    # The broker is the boundary: what the request hands to it is recorded, not sent.
    handed_to_worker = []
    monkeypatch.setattr(
        tasks.password_reset_emails_queue,
        "apply_async",
        lambda args: handed_to_worker.append(args[0]),
    )
    UserFactory(email="layla@example.com")

    # Neither request reads the accounts (nor anything else) in the database: no time to compare.
    with django_assert_num_queries(0):
        known = ask(Client(), "layla@example.com")
    with django_assert_num_queries(0):
        unknown = ask(Client(), "nobody@example.com")

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert handed_to_worker == ["layla@example.com", "nobody@example.com"]
    assert not OutboundEmail.objects.exists()


def test_the_worker_queues_the_email_for_a_known_address_only():
    layla = UserFactory(email="layla@example.com", preferred_language="en")
    UserFactory(email="gone@example.com", is_active=False)

    assert tasks.password_reset_emails_queue("LAYLA@example.com") == 1
    assert tasks.password_reset_emails_queue("nobody@example.com") == 0
    assert tasks.password_reset_emails_queue("gone@example.com") == 0
    email = OutboundEmail.objects.get()
    assert (email.to, email.language) == (layla.email, "en")


@pytest.mark.real_services
@pytest.mark.django_db(transaction=True)
def test_through_the_real_worker_a_known_address_gets_its_link_and_an_unknown_one_nothing(
    celery_worker_process, smtp_server, wait_until
):
    UserFactory(email="layla@example.com")
    assert ask(Client(), "nobody@example.com").url == DONE_URL
    assert ask(Client(), "layla@example.com").url == DONE_URL

    email = wait_until(
        lambda: OutboundEmail.objects.filter(to="layla@example.com").first(),
        message="the worker to queue the reset e-mail",
    )
    received = smtp_server.wait_for_message_id(email.message_id)
    assert received.rcpt_tos == ["layla@example.com"]
    assert "/accounts/password/reset/" in received.text
    assert [m.rcpt_tos for m in smtp_server.snapshot()] == [["layla@example.com"]]
    assert not OutboundEmail.objects.filter(to="nobody@example.com").exists()


@pytest.mark.real_services
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_person_still_gets_the_link(
    celery_worker_process, smtp_server, broker_unreachable
):
    UserFactory(email="layla@example.com")
    with broker_unreachable():
        started = time.monotonic()
        response = ask(Client(), "layla@example.com")
        assert time.monotonic() - started < 1.5  # the refused publish does not hold the page
        assert response.url == DONE_URL
        email = OutboundEmail.objects.get(to="layla@example.com")  # written by the web process

    # The worker's sweep sends it once the broker answers again.
    received = smtp_server.wait_for_message_id(email.message_id, timeout=30)
    assert "/accounts/password/reset/" in received.text
