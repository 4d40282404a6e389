"""Tawasul against the live servers: request numbers under concurrent submissions on PostgreSQL, and
a staff reply e-mailed through Redis and a real Celery worker to a loopback SMTP server."""

import threading
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, connections
from django.urls import reverse

from accounts.roles import TAWASUL_AGENTS
from notifications.models import OutboundEmail
from tawasul import services
from tawasul.models import Attachment, Section, ServiceType, TawasulRequest
from tawasul.uploads import check_upload
from tests.factories import UserFactory, verified_login
from tests.tawasul.factories import pdf_bytes, upload
from tests.tawasul.test_admin import form_of

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]

CODENAMES = import_module("tawasul.migrations.0003_grant_agents").CODENAMES


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


def tawasul_agent():
    """A transactional test starts from an empty database: the group from the data migration is
    made again here, with the permissions that migration grants."""
    group, _created = Group.objects.get_or_create(name=TAWASUL_AGENTS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="tawasul", codename__in=CODENAMES)
    )
    agent = UserFactory(is_staff=True)
    agent.groups.add(group)
    return agent


def test_fifty_simultaneous_submissions_get_fifty_distinct_numbers_and_keep_their_files():
    assert connection.vendor == "postgresql"
    users = [UserFactory() for _ in range(50)]
    drafts = [
        services.draft_save(
            user=user,
            section=Section.VISAS,
            service_type=ServiceType.EXIT_REENTRY_VISA,
            description="لا أستطيع إصدار تأشيرة خروج وعودة للمقيم رغم سداد الرسوم.",
            files=[check_upload(upload(f"passport-{n}.pdf", pdf_bytes()))],
        )
        for n, user in enumerate(users)
    ]

    def submit(i: int) -> str:
        return services.draft_submit(draft=drafts[i], user=users[i]).number

    numbers, errors = run_together(50, submit)
    assert errors == []
    assert len(set(numbers)) == 50
    assert sorted(int(number[-7:]) for number in numbers) == list(range(1, 51))
    assert TawasulRequest.objects.count() == 50
    assert Attachment.objects.filter(request__isnull=False, draft__isnull=True).count() == 50
    assert OutboundEmail.objects.filter(template="tawasul/received").count() == 50


def test_a_staff_reply_in_the_admin_reaches_the_applicant_by_email(
    client, celery_worker_process, smtp_server, wait_until
):
    applicant = UserFactory(email="layla@example.com", preferred_language="ar")
    draft = services.draft_save(
        user=applicant,
        section=Section.TECHNICAL,
        service_type=ServiceType.PORTAL_ERROR,
        description="لا يظهر تقرير المقيم عند الطباعة من المتصفح.",
    )
    tawasul_request = services.draft_submit(draft=draft, user=applicant)
    received = smtp_server.wait_for(1)
    assert received[0].subject == f"تم استلام طلب تواصل رقم {tawasul_request.number}"

    verified_login(client, tawasul_agent())
    url = reverse("admin:tawasul_tawasulrequest_change", args=[tawasul_request.pk])
    data = form_of(client, url)
    data["replies-2-0-body"] = "تم إصلاح الخلل، نرجو المحاولة مرة أخرى."
    assert client.post(url, data).status_code == 302

    messages = smtp_server.wait_for(2)
    reply_mail = messages[1]
    assert reply_mail.rcpt_tos == ["layla@example.com"]
    assert reply_mail.subject == f"رد جديد على طلب تواصل رقم {tawasul_request.number}"
    assert "تم إصلاح الخلل" in reply_mail.text
    wait_until(
        lambda: not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists(),
        message="both e-mails marked sent",
    )


def test_the_unfiltered_staff_queue_uses_the_table_estimate_instead_of_counting(
    client, monkeypatch
):
    from tawasul.admin import QueuePaginator
    from tests.tawasul.factories import TawasulRequestFactory

    TawasulRequestFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tawasul_tawasulrequest")
    TawasulRequestFactory.create_batch(2)  # not in the estimate yet
    monkeypatch.setattr(QueuePaginator, "ESTIMATE_ABOVE", 0)
    queryset = TawasulRequest.objects.all()
    assert QueuePaginator(queryset, 50).count == 5
    assert QueuePaginator(queryset.filter(status="new"), 50).count == 7
