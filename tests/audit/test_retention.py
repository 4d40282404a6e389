"""Entries are kept AUDIT_RETENTION (400 days by default, never less than a year), then a daily
task deletes them; younger ones are never touched."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from audit import services, tasks
from audit.models import AuditEntry
from audit.services import audit_record
from tests.muqeem.test_production_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def entry_aged(days: float) -> AuditEntry:
    entry = audit_record(action=AuditEntry.Action.LOGIN_FAILED, target_repr=f"{days} days")
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=days))
    return entry


def kept() -> list[str]:
    return sorted(AuditEntry.objects.values_list("object_repr", flat=True))


def test_the_daily_task_deletes_only_entries_past_the_default_400_days():
    for days in (401, 400.01, 399.9, 365, 0):
        entry_aged(days)
    assert tasks.purge_expired_entries.delay().get() == 2
    assert kept() == sorted(["399.9 days", "365 days", "0 days"])


def test_a_longer_retention_keeps_more(settings):
    settings.AUDIT_RETENTION = timedelta(days=730)
    entry_aged(500)
    entry_aged(731)
    assert services.audit_purge_expired() == 1
    assert kept() == ["500 days"]


def test_a_large_backlog_is_deleted_in_batches(monkeypatch):
    monkeypatch.setattr(services, "_PURGE_BATCH", 2)
    for _n in range(5):
        entry_aged(500)
    entry_aged(10)
    assert services.audit_purge_expired() == 5
    assert kept() == ["10 days"]


def test_the_task_runs_every_day_from_the_beat_schedule():
    scheduled = django_settings.CELERY_BEAT_SCHEDULE["audit-purge-expired"]
    assert scheduled["task"] == tasks.purge_expired_entries.name
    assert scheduled["schedule"] <= timedelta(days=1)


def test_a_retention_under_a_year_is_refused_and_deletes_nothing(settings):
    settings.AUDIT_RETENTION = timedelta(days=364)
    entry_aged(400)
    with pytest.raises(ImproperlyConfigured, match="at least 365 days"):
        services.audit_purge_expired()
    assert kept() == ["400 days"]


def test_the_system_check_refuses_a_retention_under_a_year(settings):
    settings.AUDIT_RETENTION = timedelta(days=364)
    with pytest.raises(SystemCheckError, match=r"audit\.E001"):
        call_command("check")
    settings.AUDIT_RETENTION = timedelta(days=365)
    call_command("check")  # a year is enough


def test_production_refuses_to_pass_its_checks_with_a_short_retention():
    result = manage("check", "--deploy", env={**PRODUCTION_ENV, "AUDIT_RETENTION_DAYS": "90"})
    assert result.returncode != 0
    assert "audit.E001" in result.stderr
