"""Reads of Tawasul. Each returns what its page shows in a bounded number of queries."""

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import TAWASUL_AGENTS, user_holds_role, users_holding_role
from core.sql import rows_converted
from tawasul.models import (
    SERVICE_TYPE_SECTION,
    Attachment,
    Draft,
    Incident,
    Reply,
    ServiceType,
    StatusChange,
    TawasulRequest,
)

# The e-services name their services in incidents; these are the Tawasul service types they match
# when the name differs from a ServiceType value.
INCIDENT_SERVICE_ALIASES = {
    "exit_reentry": ServiceType.EXIT_REENTRY_VISA,
    "exit_reentry_single": ServiceType.EXIT_REENTRY_VISA,
    "exit_reentry_multiple": ServiceType.EXIT_REENTRY_VISA,
    "reentry_visa": ServiceType.EXIT_REENTRY_VISA,
    "final_exit": ServiceType.FINAL_EXIT_VISA,
    "iqama_renew": ServiceType.IQAMA_RENEWAL,
    "renew_iqama": ServiceType.IQAMA_RENEWAL,
    "iqama_issuance": ServiceType.IQAMA_ISSUE,
    "issue_iqama": ServiceType.IQAMA_ISSUE,
    "passport_update": ServiceType.PASSPORT_UPDATE,
    "transfer": ServiceType.TRANSFER_OF_SERVICES,
    "visit_visa": ServiceType.VISIT_VISA_EXTENSION,
    "resident_report": ServiceType.RESIDENT_REPORT,
}


def incident_get_for_user(*, reference: str, user) -> Incident | None:
    """The incident behind a Tawasul link, if it is this user's own or was recorded before they
    logged in (an error page seen anonymously holds nobody's data)."""
    if not reference:
        return None
    return (
        Incident.objects.filter(reference=reference.strip().upper())
        .filter(Q(user=user) | Q(user__isnull=True))
        .first()
    )


def service_type_for_incident(incident: Incident | None) -> str | None:
    """The service type to pre-select for an incident's service, if one matches."""
    if incident is None:
        return None
    service = (incident.service or "").strip().lower().replace("-", "_")
    if service in ServiceType.values:
        return service
    if service in INCIDENT_SERVICE_ALIASES:
        return INCIDENT_SERVICE_ALIASES[service]
    if not service:
        return ServiceType.PORTAL_ERROR
    return None


def section_for_service_type(service_type: str | None) -> str | None:
    return SERVICE_TYPE_SECTION.get(service_type) if service_type else None


def main_data_for(*, user, incident: Incident | None) -> dict:
    """The main data of a request (seed step 4), from the account and the incident only."""
    establishment = user.establishment
    data = {
        "requester_name": user.full_name or user.get_username(),
        "national_id": user.national_id or "",
        "establishment_name": establishment.name if establishment else "",
        "establishment_unified_number": establishment.unified_number if establishment else "",
        "mobile": user.mobile or "",
        "email": user.email or "",
        "incident_reference": "",
        "service": "",
        "error_code": "",
        "error_message": "",
        "resident_iqama": "",
        "resident_name": "",
    }
    if incident is not None:
        data.update(
            incident_reference=incident.reference,
            service=incident.service,
            error_code=incident.code,
            error_message=incident.message,
            resident_iqama=incident.resident_iqama,
            resident_name=incident.resident_name,
        )
    return data


def request_open_for_same_error(*, user, incident: Incident | None) -> TawasulRequest | None:
    """An open request of this user for the same error code and service, offered first."""
    if incident is None or not incident.code:
        return None
    return (
        TawasulRequest.objects.filter(
            requester=user,
            error_code=incident.code,
            service=incident.service,
            status__in=TawasulRequest.OPEN_STATUSES,
        )
        .only("number", "status", "created_at")
        .order_by("-created_at")
        .first()
    )


LIST_FIELDS = ("number", "section", "service_type", "status", "created_at")


@dataclass(frozen=True)
class RequestsPage:
    rows: list[dict]  # LIST_FIELDS of each request on the page
    count: int  # all of this user's requests


def requests_page_for_user(*, user, offset: int, limit: int) -> RequestsPage:
    """My requests, newest first, from `offset`, and how many I have in all: one query.

    The count rides along as a window over the whole list (it was a query of its own), and rows
    are plain values: the list shows five fields, and building model instances cost as much as
    reading them. Written out: building this query with the ORM cost more than running it
    (0.89 ms against 0.55 ms drawn fresh, bench/FINDINGS.md, 2026-12-05)."""
    fields = [TawasulRequest._meta.get_field(name) for name in LIST_FIELDS]
    rows = [
        dict(zip((*LIST_FIELDS, "total"), values, strict=True))
        for values in rows_converted(
            _requests_page_sql(), [user.pk, limit, offset], [*fields, None]
        )
    ]
    if rows:
        return RequestsPage(rows=rows, count=rows[0]["total"])
    # No row to carry the count: no request at all, or a page past the last one.
    count = TawasulRequest.objects.filter(requester=user).count() if offset else 0
    return RequestsPage(rows=rows, count=count)


@functools.cache
def _requests_page_sql() -> str:
    meta = TawasulRequest._meta
    columns = ", ".join(meta.get_field(name).column for name in LIST_FIELDS)
    return (
        f"SELECT {columns}, COUNT(*) OVER () FROM {meta.db_table} "  # noqa: S608 (model names)
        f"WHERE {meta.get_field('requester').column} = %s "
        f"ORDER BY {meta.get_field('created_at').column} DESC, {meta.pk.column} DESC "
        "LIMIT %s OFFSET %s"
    )


def request_get_for_user(*, user, number: str) -> TawasulRequest:
    """The applicant's own request by number; anyone else's answers 404, as if it did not exist."""
    found = list(TawasulRequest.objects.raw(_own_request_sql(), [number, user.pk]))
    if not found:
        raise Http404
    return found[0]


@functools.cache
def _own_request_sql() -> str:
    # Written out (every column of the model, by the number's unique index): on a request's page
    # drawn fresh, building this query with the ORM cost more than running it (0.68 ms against
    # 0.38 ms, bench/FINDINGS.md, 2026-12-05).
    meta = TawasulRequest._meta
    columns = ", ".join(field.column for field in meta.concrete_fields)
    return (
        f"SELECT {columns} FROM {meta.db_table} "  # noqa: S608 (names from the model)
        f"WHERE {meta.get_field('number').column} = %s "
        f"AND {meta.get_field('requester').column} = %s"
    )


def draft_get_for_user(*, user, draft_id, with_attachments: bool = True) -> Draft:
    queryset = Draft.objects.filter(user=user, pk=draft_id).select_related("incident")
    if with_attachments:
        queryset = queryset.prefetch_related("attachments")
    draft = queryset.first()
    if draft is None:
        raise Http404
    return draft


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    kind: str  # "status" or "reply"
    status_change: StatusChange | None = None
    reply: Reply | None = None


@dataclass(frozen=True)
class RequestDetail:
    request: TawasulRequest
    timeline: list[TimelineEvent]
    attachments: list[Attachment]


def request_detail_for(*, tawasul_request: TawasulRequest) -> RequestDetail:
    """The timeline (status changes and replies, oldest first) and the attachments, each reply with
    its own documents: one query whatever their number."""
    rows = list(Reply.objects.raw(_HISTORY_SQL, [tawasul_request.pk] * 3))
    attachments = [
        Attachment(
            pk=uuid.UUID(str(row.file_id)),  # a UUID from PostgreSQL, its hex from SQLite
            request=tawasul_request,
            reply_id=row.reply_id,
            original_name=row.body,
            size=row.size,
            content_type=row.content_type,
            created_at=row.created_at,
        )
        for row in rows
        if row.kind == "file"
    ]
    by_reply: dict[int, list[Attachment]] = {}
    for attachment in attachments:
        if attachment.reply_id:
            by_reply.setdefault(attachment.reply_id, []).append(attachment)
    events = []
    for row in rows:
        if row.kind == "reply":
            row.request = tawasul_request
            row.files = by_reply.get(row.pk, [])
            events.append(TimelineEvent(at=row.created_at, kind="reply", reply=row))
        elif row.kind == "status":
            change = StatusChange(
                pk=row.pk,
                request=tawasul_request,
                created_at=row.created_at,
                note=row.body,
                from_status=row.from_status,
                to_status=row.to_status,
            )
            events.append(TimelineEvent(at=row.created_at, kind="status", status_change=change))
    return RequestDetail(request=tawasul_request, timeline=events, attachments=attachments)


# A request's history in one round trip: status changes, replies and documents, oldest first (at
# the same moment a status change first, then a reply, then its documents), read as Reply rows
# with the other kinds' columns beside them (a document's id, a UUID, in a column of its own).
# Written out, not built with the ORM: drawn fresh, the page spent longer compiling and sending
# its SQL than drawing the page, and union() compiled slower than the queries it replaced
# (bench/FINDINGS.md, 2026-12-05).
_HISTORY_SQL = f"""
    SELECT 'status' AS kind, 0 AS tie, id, CAST(NULL AS uuid) AS file_id, created_at,
           note AS body, TRUE AS is_staff, from_status, to_status,
           CAST(NULL AS bigint) AS reply_id, 0 AS size, '' AS content_type
      FROM {StatusChange._meta.db_table} WHERE request_id = %s
    UNION ALL
    SELECT 'reply', 1, id, NULL, created_at, body, is_staff, '', '', NULL, 0, ''
      FROM {Reply._meta.db_table} WHERE request_id = %s
    UNION ALL
    SELECT 'file', 2, NULL, id, created_at, original_name, FALSE, '', '', reply_id, size,
           content_type
      FROM {Attachment._meta.db_table} WHERE request_id = %s
    ORDER BY created_at, tie, id
"""  # noqa: S608 (table names from the models, values as parameters)


def request_attachments(*, tawasul_request: TawasulRequest) -> list[Attachment]:
    return list(
        Attachment.objects.filter(request=tawasul_request)
        .only("id", "original_name", "size", "content_type", "reply_id", "created_at")
        .order_by("created_at", "pk")
    )


def attachment_get_for_download(*, user, attachment_id) -> Attachment:
    """An attachment its requester, the draft's owner or a Tawasul agent may download; for anyone
    else, 404."""
    queryset = Attachment.objects.select_related("request")
    if not user_is_tawasul_agent(user):
        queryset = queryset.filter(Q(request__requester=user) | Q(draft__user=user))
    attachment = queryset.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return attachment


def user_is_tawasul_agent(user) -> bool:
    """Staff who may read every request: superusers and the Tawasul agents group (remembered for
    the request by accounts.roles)."""
    return user_holds_role(user, TAWASUL_AGENTS)


def section_agents(*, section: str) -> QuerySet:
    """Who may be given a request of `section`: active Tawasul agents (and superusers), narrowed
    to the section's agents group when the section has one (SectionSettings.agents)."""
    from tawasul.desk_models import SectionSettings

    agents = users_holding_role(TAWASUL_AGENTS)
    group_id = (
        SectionSettings.objects.filter(section=section).values_list("agents_id", flat=True).first()
    )
    if group_id:
        agents = agents.filter(Q(groups=group_id) | Q(is_superuser=True))
    return agents
