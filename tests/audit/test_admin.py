"""Staff read the audit log in the admin: filtered by who, what and when, searched by object.
Nobody — not even a superuser — can add, change or delete an entry there."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import TAWASUL_AGENTS
from audit.models import AuditEntry
from audit.services import audit_record
from tests.audit.helpers import admin_login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
CHANGELIST = reverse("admin:audit_auditentry_changelist")


def record(action=Action.STATUS_CHANGED, actor=None, target_repr="TW-2026-0000001", **kwargs):
    kwargs.setdefault("address", "203.0.113.9")
    return audit_record(action=action, actor=actor, target_repr=target_repr, **kwargs)


def rows(client, **params) -> str:
    """The changelist's result table, as text."""
    page = client.get(CHANGELIST, params).content.decode()
    start = page.find('id="result_list"')
    return page[start : page.find("</table>", start)] if start != -1 else ""


# -- who reads it -----------------------------------------------------------------------------


def test_an_auditor_reads_who_did_what_from_where_in_arabic(auditor_client, superuser):
    record(actor=superuser, changes={"status": ("new", "processed")})
    table = rows(auditor_client)
    assert "تغيير حالة طلب" in table  # the action, in Arabic
    assert "root" in table and "203.0.113.9" in table and "TW-2026-0000001" in table
    assert "new</bdi> → <bdi>processed" in table


def test_staff_without_the_permission_cannot_open_it(client):
    agent = UserFactory(is_staff=True)
    agent.groups.add(Group.objects.get(name=TAWASUL_AGENTS))
    admin_login(client, agent)
    assert client.get(CHANGELIST).status_code == 403


def test_a_user_who_is_not_staff_is_sent_to_the_admin_log_in(client):
    client.force_login(UserFactory())
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and reverse("admin:login") in response.url


# -- nobody edits it ---------------------------------------------------------------------------


def test_nobody_can_add_change_or_delete_an_entry_not_even_a_superuser(superuser_client, superuser):
    entry = record(actor=superuser, changes={"status": ("new", "processed")})
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    add = reverse("admin:audit_auditentry_add")

    assert superuser_client.get(add).status_code == 403
    assert superuser_client.post(add, {"action": "login", "actor_repr": "x"}).status_code == 403
    assert superuser_client.post(change, {"object_repr": "forged"}).status_code == 403
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    response = superuser_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)

    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.object_repr, stored.changes) == (
        "TW-2026-0000001",
        {"status": ["new", "processed"]},
    )


def test_the_pages_offer_no_add_save_delete_or_bulk_action(superuser_client, superuser):
    entry = record(actor=superuser)
    listing = superuser_client.get(CHANGELIST).content.decode()
    assert reverse("admin:audit_auditentry_add") not in listing
    assert 'name="action"' not in listing  # no bulk actions, so no "delete selected"
    detail = superuser_client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "TW-2026-0000001" in page
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert reverse("admin:audit_auditentry_delete", args=[entry.pk]) not in page


def test_an_entry_cannot_be_changed_or_deleted_from_code_either(superuser):
    entry = record(actor=superuser)
    entry.object_repr = "forged"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "TW-2026-0000001"


# -- filters and search -----------------------------------------------------------------------


def test_filter_by_actor(auditor_client, superuser):
    other = UserFactory(username="agent7", is_staff=True)
    record(actor=superuser, target_repr="TW-2026-0000001")
    record(actor=other, target_repr="TW-2026-0000002")
    record(action=Action.LOGIN_FAILED, target_repr="guessing")

    table = rows(auditor_client, actor=str(other.pk))
    assert "TW-2026-0000002" in table and "TW-2026-0000001" not in table
    table = rows(auditor_client, actor="none")
    assert "guessing" in table and "TW-2026-0000002" not in table
    # The staff accounts are offered in the filter.
    assert f"?actor={other.pk}" in auditor_client.get(CHANGELIST).content.decode()


def test_filter_by_action(auditor_client, superuser):
    record(action=Action.APPROVED, actor=superuser, target_repr="SUB-2026-000001")
    record(action=Action.REJECTED, actor=superuser, target_repr="SUB-2026-000002")
    table = rows(auditor_client, action__exact=Action.REJECTED)
    assert "SUB-2026-000002" in table and "SUB-2026-000001" not in table


def test_filter_by_date(auditor_client, superuser):
    old = record(actor=superuser, target_repr="TW-2026-0000001")
    record(actor=superuser, target_repr="TW-2026-0000002")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    # The "past 7 days" choice of the date filter.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    table = rows(
        auditor_client,
        created_at__gte=str(midnight - timedelta(days=7)),
        created_at__lt=str(midnight + timedelta(days=1)),
    )
    assert "TW-2026-0000002" in table and "TW-2026-0000001" not in table


@pytest.mark.parametrize("term", ["TW-2026-0000123", "tw-2026-0000123", "TW-2026-00001"])
def test_search_by_the_beginning_of_the_objects_name(auditor_client, superuser, term):
    record(actor=superuser, target_repr="TW-2026-0000123")
    record(actor=superuser, target_repr="TW-2026-0000999")
    table = rows(auditor_client, q=term)
    assert "TW-2026-0000123" in table and "TW-2026-0000999" not in table


def test_a_long_log_is_counted_up_to_a_cap(auditor_client, superuser, monkeypatch):
    from audit.admin import AuditPaginator

    monkeypatch.setattr(AuditPaginator, "COUNT_CAP", 3)
    for _n in range(5):
        record(action=Action.LOGIN, actor=superuser)
    page = auditor_client.get(CHANGELIST, {"action__exact": Action.LOGIN}).content.decode()
    assert "أكثر من 3 سجل" in page


@pytest.mark.parametrize("count", [5, 60])
def test_the_changelist_queries_do_not_grow_with_the_log(
    auditor_client, superuser, django_assert_max_num_queries, count
):
    actors = [UserFactory(is_staff=True) for _n in range(3)]
    for n in range(count):
        record(actor=actors[n % 3], changes={"assignee": (None, actors[0])})
    # Session, user, second-factor device, 2× permissions, staff for the actor filter, a group
    # check of the sidebar, count, the page; on PostgreSQL the unfiltered log also asks the
    # table-size estimate.
    with django_assert_max_num_queries(10):
        response = auditor_client.get(CHANGELIST)
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        auditor_client.get(CHANGELIST, {"actor": str(actors[0].pk), "q": "TW-2026"})
