"""What an agent does to a Tawasul request is in the audit log: who, from which address, what
changed — one entry per action, whichever screen it came from."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tawasul import services
from tawasul.models import TawasulRequest
from tests.audit.helpers import CLIENT, admin_login, behind_one_proxy, entries, only_entry
from tests.factories import UserFactory
from tests.tawasul.factories import AttachmentFactory, TawasulRequestFactory
from tests.tawasul.test_admin import QUEUE, change_url, form_of

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
Status = TawasulRequest.Status


@pytest.fixture
def agent_client(client, agent, settings):
    return admin_login(behind_one_proxy(client, settings), agent)


def test_opening_a_request_in_the_admin_is_recorded_with_the_clients_address(agent_client, agent):
    tawasul_request = TawasulRequestFactory()
    agent_client.get(change_url(tawasul_request))

    entry = only_entry(Action.REQUEST_VIEWED)
    assert (entry.actor, entry.actor_repr, entry.address) == (agent, agent.username, CLIENT)
    assert (entry.object_type, entry.object_id, entry.object_repr) == (
        "tawasul.tawasulrequest",
        str(tawasul_request.pk),
        tawasul_request.number,
    )


def test_the_queue_and_a_missing_request_record_no_view(agent_client):
    TawasulRequestFactory()
    agent_client.get(QUEUE)
    agent_client.get(reverse("admin:tawasul_tawasulrequest_change", args=[999999]))
    assert entries(Action.REQUEST_VIEWED) == []


def test_a_status_change_from_the_change_page_records_before_after_and_note(agent_client, agent):
    tawasul_request = TawasulRequestFactory()
    data = form_of(agent_client, change_url(tawasul_request))
    data.update(status=Status.RETURNED_TO_APPLICANT, status_note="أرفق صورة الإقامة.")
    agent_client.post(change_url(tawasul_request), data)

    entry = only_entry(Action.STATUS_CHANGED)
    assert (entry.actor, entry.address, entry.object_repr) == (
        agent,
        CLIENT,
        tawasul_request.number,
    )
    assert entry.changes == {
        "status": ["new", "returned_to_applicant"],
        "note": ["", "أرفق صورة الإقامة."],
    }
    # Saving the form is not a second "view".
    assert len(entries(Action.REQUEST_VIEWED)) == 1  # the GET that drew the form


def test_a_bulk_status_action_records_one_entry_per_request_it_moved(agent_client, agent):
    new, closed = TawasulRequestFactory(), TawasulRequestFactory(status=Status.CLOSED)
    agent_client.post(QUEUE, {"action": "mark_processed", "_selected_action": [new.pk, closed.pk]})

    entry = only_entry(Action.STATUS_CHANGED)  # the closed one could not move: no entry
    assert (entry.object_repr, entry.changes) == (new.number, {"status": ["new", "processed"]})
    assert (entry.actor, entry.address) == (agent, CLIENT)


def test_assigning_records_the_previous_and_the_new_assignee(agent_client, agent):
    colleague = UserFactory(username="colleague", is_staff=True)
    tawasul_request = TawasulRequestFactory(assignee=colleague)
    # Taking a colleague's request says why (staff-ws: a reassignment needs its reason).
    data = form_of(agent_client, change_url(tawasul_request))
    data.update(assignee=str(agent.pk), assignment_reason="colleague on leave")
    agent_client.post(change_url(tawasul_request), data)

    entry = only_entry(Action.ASSIGNED)
    assert entry.changes == {
        "assignee": ["colleague", agent.username],
        "reason": ["", "colleague on leave"],
    }
    assert (entry.actor, entry.address, entry.object_repr) == (
        agent,
        CLIENT,
        tawasul_request.number,
    )
    # Assigning it to the same person again changes nothing, and records nothing.
    agent_client.post(QUEUE, {"action": "assign_to_me", "_selected_action": [tawasul_request.pk]})
    assert len(entries(Action.ASSIGNED)) == 1


def test_a_reply_from_the_change_page_is_recorded(agent_client, agent):
    tawasul_request = TawasulRequestFactory()
    data = form_of(agent_client, change_url(tawasul_request))
    data["replies-2-0-body"] = "نرجو إرفاق صورة جواز السفر."
    agent_client.post(change_url(tawasul_request), data)

    reply = tawasul_request.replies.get()
    entry = only_entry(Action.REPLIED)
    assert (entry.actor, entry.address, entry.object_repr) == (
        agent,
        CLIENT,
        tawasul_request.number,
    )
    assert entry.changes == {"reply": [None, reply.pk], "attachments": [None, 0]}


def test_an_agent_downloading_an_applicants_document_is_recorded(agent_client, agent):
    attachment = AttachmentFactory(original_name="passport.pdf")
    response = agent_client.get(reverse("tawasul:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200

    entry = only_entry(Action.DOCUMENT_DOWNLOADED)
    assert (entry.actor, entry.address, entry.object_id) == (agent, CLIENT, str(attachment.pk))
    assert entry.object_repr == f"{attachment.request.number} · passport.pdf"


def test_the_applicant_downloading_their_own_document_is_not_an_audited_action(client):
    attachment = AttachmentFactory()
    client.force_login(attachment.request.requester)
    response = client.get(reverse("tawasul:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert entries(Action.DOCUMENT_DOWNLOADED) == []


def test_an_action_that_rolls_back_leaves_no_entry(agent, monkeypatch):
    """The entry is written in the action's own transaction: if the action fails after it (here
    queueing the applicant's e-mail), neither the change nor its entry remains."""
    tawasul_request = TawasulRequestFactory()

    def broken_outbox(**kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(services, "email_queue_for_user", broken_outbox)
    with pytest.raises(RuntimeError):
        services.request_change_status(
            tawasul_request=tawasul_request, to_status=Status.PROCESSED, changed_by=agent
        )
    tawasul_request.refresh_from_db()
    assert tawasul_request.status == Status.NEW
    assert entries(Action.STATUS_CHANGED) == []


def test_a_change_made_outside_a_request_names_the_actor_and_no_address(agent):
    """A Celery task or the shell: the service is told who acts; there is no client."""
    tawasul_request = TawasulRequestFactory()
    services.request_change_status(
        tawasul_request=tawasul_request, to_status=Status.UNDER_PROCESSING, changed_by=agent
    )
    entry = only_entry(Action.STATUS_CHANGED)
    assert (entry.actor, entry.address) == (agent, "")
