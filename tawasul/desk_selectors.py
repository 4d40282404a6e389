"""Reads of the staff desk: canned replies filled in for a request (and, below, the dashboard)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone

from tawasul import sla
from tawasul.desk_models import CannedReply, SectionSettings
from tawasul.models import Section, TawasulRequest
from tawasul.templatetags.tawasul_tags import arabic_date, service_type_label


def canned_reply_fill(*, body: str, tawasul_request: TawasulRequest) -> str:
    """The text with its variables filled in for this request. Plain replacement, not
    str.format: any other brace in the text stays as written."""
    values = {
        "name": tawasul_request.requester_name,
        "number": tawasul_request.number,
        "service": service_type_label(tawasul_request.service_type),
        "answer_by": arabic_date(tawasul_request.answer_by),
    }
    for variable, value in values.items():
        body = body.replace("{" + variable + "}", str(value))
    return body


def canned_replies_for(*, tawasul_request: TawasulRequest) -> list[tuple[str, str]]:
    """(title, text filled in) of the replies offered for the request's section: one query."""
    return [
        (canned.title, canned_reply_fill(body=canned.body, tawasul_request=tawasul_request))
        for canned in CannedReply.objects.filter(
            section=tawasul_request.section, is_active=True
        ).only("title", "body")
    ]


def sections_of(*, user) -> list[str]:
    """The sections whose agents group (SectionSettings.agents) this user belongs to."""
    return list(SectionSettings.objects.filter(agents__user=user).values_list("section", flat=True))


@dataclass(frozen=True)
class Dashboard:
    by_status: list[tuple[str, int]]
    by_section: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    answered: dict[str, dict[str, int]]  # {"week": {"on_time": n, "late": n}, "month": …}
    by_agent: list[tuple[str, int]]
    overdue_count: int
    overdue: list[TawasulRequest]


AGE_BUCKETS = (  # (key, younger than … days)
    ("1d", 1),
    ("1-3d", 3),
    ("3-7d", 7),
    ("7-30d", 30),
    ("30d+", None),
)


def agent_names(ids) -> dict[int, str]:
    """{user id: the name staff know them by}, in one query (none for no ids)."""
    if not ids:
        return {}
    return {
        pk: full_name or username
        for pk, full_name, username in get_user_model()
        .objects.filter(pk__in=list(ids))
        .values_list("pk", "full_name", "username")
    }


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def dashboard_for(*, user, now: datetime | None = None, overdue_limit: int = 10) -> Dashboard:
    """The staff dashboard's Tawasul figures, in four queries whatever the number of requests.

    Tawasul agents read every request (selectors.user_is_tawasul_agent), so their figures cover the
    whole queue; the caller shows nothing to anyone else. The open requests are read once, grouped
    by (status, section, assignee) with the age and overdue counts beside, from the covering
    partial index tawasul_req_open_dash_idx (an index-only scan: it never reads the table).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)

    ages, older = {}, None
    for key, days in AGE_BUCKETS:
        condition = Q()
        if older is not None:
            condition &= Q(created_at__lte=now - timedelta(days=older))
        if days is not None:
            condition &= Q(created_at__gt=now - timedelta(days=days))
        ages[key] = Count("status", filter=condition)
        older = days
    groups = (
        TawasulRequest.objects.filter(status__in=TawasulRequest.OPEN_STATUSES)
        # Grouped in the index's own order, with no join: the names are read after, for the
        # few agents found (joining first would hash every open request's row with its name).
        .values("status", "section", "assignee_id")
        # Counts of a column in the index (status is never null), not of the id: reading the id
        # would mean reading the table.
        .annotate(n=Count("*"), overdue=Count("status", filter=sla.overdue_q(today)), **ages)
        .order_by()
    )
    by_status: dict[str, int] = {}
    by_section: dict[str, int] = {}
    by_age = dict.fromkeys(ages, 0)
    agents: dict[int, int] = {}  # assignee id -> open requests
    overdue_count = 0
    for row in groups:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        by_section[row["section"]] = by_section.get(row["section"], 0) + row["n"]
        for key in by_age:
            by_age[key] += row[key]
        overdue_count += row["overdue"]
        if row["assignee_id"] is not None:
            agents[row["assignee_id"]] = agents.get(row["assignee_id"], 0) + row["n"]
    names = agent_names(agents)
    by_agent = sorted(
        ((names.get(pk, ""), n) for pk, n in agents.items()), key=lambda pair: (-pair[1], pair[0])
    )

    # Ranges on answered_at itself (not on its local date), so the index on answered_at serves.
    week_start = _local_midnight(today - timedelta(days=(today.weekday() + 1) % 7))  # Sunday
    month_start = _local_midnight(today.replace(day=1))
    on_time = Q(answered_at__date__lte=F("answer_by")) | Q(answer_by__isnull=True)
    answered_row = TawasulRequest.objects.filter(answered_at__gte=month_start).aggregate(
        week_on_time=Count("answered_at", filter=on_time & Q(answered_at__gte=week_start)),
        week_late=Count("answered_at", filter=~on_time & Q(answered_at__gte=week_start)),
        month_on_time=Count("answered_at", filter=on_time),
        month_late=Count("answered_at", filter=~on_time),
    )

    overdue = list(
        TawasulRequest.objects.filter(sla.overdue_q(today))
        .select_related("assignee")
        .only("number", "section", "answer_by", "assignee__full_name", "assignee__username")
        .order_by("answer_by", "pk")[:overdue_limit]
    )
    return Dashboard(
        by_status=[(s, by_status.get(s, 0)) for s in TawasulRequest.OPEN_STATUSES],
        by_section=[(s, by_section.get(s, 0)) for s in Section.values],
        by_age=list(by_age.items()),
        answered={
            "week": {"on_time": answered_row["week_on_time"], "late": answered_row["week_late"]},
            "month": {
                "on_time": answered_row["month_on_time"],
                "late": answered_row["month_late"],
            },
        },
        by_agent=by_agent,
        overdue_count=overdue_count,
        overdue=overdue,
    )
