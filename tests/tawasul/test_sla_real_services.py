"""The overdue e-mail through the live servers: the worker's own beat runs the sweep (every second
in the test settings), the e-mails reach a real SMTP server, and a restarted worker sends no
second copy."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from notifications.models import OutboundEmail
from tawasul.desk_models import SectionSettings
from tawasul.models import Section
from tests.factories import UserFactory
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]

SUBJECT_AR = "تجاوز طلب تواصل رقم {} موعد الرد"
# Several sweeps (one a second) would have sent a duplicate by then, were there one.
SETTLE = 3.0


def test_an_overdue_request_is_emailed_once_even_after_a_worker_restart(
    celery_worker_process, smtp_server
):
    supervisors = Group.objects.create(name="مشرفو التأشيرات")
    boss = UserFactory(is_staff=True, email="boss@example.com", preferred_language="ar")
    boss.groups.add(supervisors)
    agent = UserFactory(is_staff=True, email="agent@example.com", preferred_language="ar")
    SectionSettings.objects.create(section=Section.VISAS, supervisors=supervisors)
    late = TawasulRequestFactory(
        section=Section.VISAS,
        assignee=agent,
        answer_by=timezone.localdate() - timedelta(days=1),
    )

    received = smtp_server.wait_for(2)
    assert sorted(m.rcpt_tos[0] for m in received) == ["agent@example.com", "boss@example.com"]
    assert {m.subject for m in received} == {SUBJECT_AR.format(late.number)}

    celery_worker_process.restart()
    time.sleep(SETTLE)
    assert len(smtp_server.snapshot()) == 2
    assert OutboundEmail.objects.filter(template="tawasul/overdue").count() == 2
