"""Subscription requests against the live servers: PostgreSQL under concurrent submissions, and the
acknowledgement e-mail through Redis and a real Celery worker to a loopback SMTP server."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from notifications.models import OutboundEmail
from subscriptions import services
from subscriptions.models import SubscriptionRequest
from tests.factories import DEMO_PASSWORD, UserFactory
from tests.notifications.mail import link_in
from tests.subscriptions.factories import IndividualRequestFactory

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


def individual(n: int, **overrides) -> dict:
    data = {
        "company_name": f"مؤسسة رقم {n}",
        "full_name": f"مقدم الطلب {n}",
        "national_id": "1000000008",
        "city": "riyadh",
        "mobile": f"+9665010{n:05d}",
        "email": f"applicant{n}@example.com",
        "language": "ar",
    }
    data.update(overrides)
    return data


def run_together(count: int, work) -> tuple[list, list]:
    """Run `work(i)` in `count` threads released at the same moment; return results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def target(i: int) -> None:
        try:
            barrier.wait()
            result = work(i)
            with lock:
                results.append(result)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_fifty_simultaneous_requests_get_fifty_distinct_numbers():
    assert connection.vendor == "postgresql"

    def submit(i: int) -> str:
        return services.subscription_request_submit_individual(**individual(i)).number

    numbers, errors = run_together(50, submit)
    assert errors == []
    assert len(set(numbers)) == 50
    assert sorted(int(number[-6:]) for number in numbers) == list(range(1, 51))
    assert SubscriptionRequest.objects.count() == 50
    assert OutboundEmail.objects.filter(template="subscriptions/received").count() == 50


def test_simultaneous_duplicates_leave_one_request_and_tell_its_address():
    def submit(i: int) -> str:
        return services.subscription_request_submit_individual(
            **individual(i, mobile="+966501234567")
        ).number

    numbers, errors = run_together(10, submit)
    assert len(numbers) == 1
    assert len(errors) == 9
    assert all(isinstance(error, ValidationError) for error in errors)
    # Refused without the winner's number: that goes by e-mail to its own address only.
    assert {error.code for error in errors} == {"already_pending"}
    assert not any(numbers[0] in " ".join(error.messages) for error in errors)
    notices = OutboundEmail.objects.filter(template="subscriptions/already_pending")
    assert {(n.to, n.context["number"]) for n in notices} <= {
        (SubscriptionRequest.objects.get().email, numbers[0])
    }
    assert notices.exists()
    assert SubscriptionRequest.objects.count() == 1


def test_the_acknowledgement_reaches_the_smtp_server_through_the_worker(
    client, celery_worker_process, smtp_server
):
    response = client.post(
        reverse("subscriptions:individual"),
        {
            "company_name": "مؤسسة الريان للتجارة",
            "full_name": "فهد سعد العتيبي",
            "national_id": "1000000008",
            "city": "riyadh",
            "mobile": "0501234567",
            "email": "fahad@example.com",
        },
    )
    assert response.status_code == 302
    request = SubscriptionRequest.objects.get()
    email = OutboundEmail.objects.get(template="subscriptions/received")
    received = smtp_server.wait_for_message_id(email.message_id)
    assert received.rcpt_tos == ["fahad@example.com"]
    assert received.subject == f"تم استلام طلب الاشتراك {request.number}"
    assert request.number in received.text
    assert "/subscriptions/status/" in received.text
    assert 'dir="rtl"' in received.html
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_a_connection_dropped_mid_submission_stores_nothing_and_says_so_in_arabic(
    client, drop_database_connection, monkeypatch
):
    original_queue = services.email_queue

    def queue_after_the_connection_dropped(**kwargs):
        drop_database_connection()  # after the request row's INSERT, before the commit
        return original_queue(**kwargs)

    monkeypatch.setattr(services, "email_queue", queue_after_the_connection_dropped)
    data = {
        "company_name": "مؤسسة الريان للتجارة",
        "full_name": "فهد سعد العتيبي",
        "national_id": "1000000008",
        "city": "riyadh",
        "mobile": "0501234567",
        "email": "fahad@example.com",
    }
    response = client.post(reverse("subscriptions:individual"), data)
    assert response.status_code == 503
    assert "تعذّر حفظ طلبك بسبب خلل مؤقت" in response.content.decode()
    assert not SubscriptionRequest.objects.exists()
    assert not OutboundEmail.objects.exists()

    monkeypatch.setattr(services, "email_queue", original_queue)
    response = client.post(reverse("subscriptions:individual"), data)
    assert response.status_code == 302
    assert SubscriptionRequest.objects.count() == 1


def test_the_worker_makes_the_activation_link_and_it_opens_the_account(
    client, celery_worker_process, smtp_server
):
    request = IndividualRequestFactory(national_id="1000000008")
    officer = UserFactory(is_staff=True)  # the groups' rows went with the last flush
    services.subscription_request_approve(subscription_request=request, decided_by=officer)
    email = OutboundEmail.objects.get(template="subscriptions/approved_activate")
    received = smtp_server.wait_for_message_id(email.message_id)
    path = link_in(received.text, "/subscriptions/activate/")
    assert path.rstrip("/").rsplit("/", 1)[-1] not in str(list(OutboundEmail.objects.values()))

    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD})
    request.refresh_from_db()
    assert request.user.is_active
    assert request.user.check_password(DEMO_PASSWORD)
