"""Reads of the staff desk: canned replies filled in for a request (and, below, the dashboard)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

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


def dashboard_for(*, user, now: datetime | None = None, overdue_limit: int = 10) -> Dashboard:
    """The staff dashboard's Tawasul figures, in five queries whatever the number of requests.

    Tawasul agents read every request (selectors.user_is_tawasul_agent), so their figures cover the
    whole queue; the caller shows nothing to anyone else.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    open_requests = TawasulRequest.objects.filter(status__in=TawasulRequest.OPEN_STATUSES)

    by_status: dict[str, int] = {}
    by_section: dict[str, int] = {}
    for row in open_requests.values("status", "section").annotate(n=Count("pk")).order_by():
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        by_section[row["section"]] = by_section.get(row["section"], 0) + row["n"]

    ages, older = {}, None
    for key, days in AGE_BUCKETS:
        condition = Q()
        if older is not None:
            condition &= Q(created_at__lte=now - timedelta(days=older))
        if days is not None:
            condition &= Q(created_at__gt=now - timedelta(days=days))
        ages[key] = Count("pk", filter=condition)
        older = days
    age_row = open_requests.aggregate(**ages, overdue=Count("pk", filter=sla.overdue_q(today)))

    week_start = today - timedelta(days=(today.weekday() + 1) % 7)  # the week starts on Sunday
    month_start = today.replace(day=1)
    on_time = Q(answered_at__date__lte=F("answer_by")) | Q(answer_by__isnull=True)
    answered_row = TawasulRequest.objects.filter(answered_at__date__gte=month_start).aggregate(
        week_on_time=Count("pk", filter=on_time & Q(answered_at__date__gte=week_start)),
        week_late=Count("pk", filter=~on_time & Q(answered_at__date__gte=week_start)),
        month_on_time=Count("pk", filter=on_time),
        month_late=Count("pk", filter=~on_time),
    )

    by_agent = [
        (row["assignee__full_name"] or row["assignee__username"] or "", row["n"])
        for row in open_requests.filter(assignee__isnull=False)
        .values("assignee__full_name", "assignee__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "assignee__full_name")
    ]

    overdue = list(
        TawasulRequest.objects.filter(sla.overdue_q(today))
        .select_related("assignee")
        .only("number", "section", "answer_by", "assignee__full_name", "assignee__username")
        .order_by("answer_by", "pk")[:overdue_limit]
    )
    return Dashboard(
        by_status=[(s, by_status.get(s, 0)) for s in TawasulRequest.OPEN_STATUSES],
        by_section=[(s, by_section.get(s, 0)) for s in Section.values],
        by_age=[(key, age_row[key]) for key, _days in AGE_BUCKETS],
        answered={
            "week": {"on_time": answered_row["week_on_time"], "late": answered_row["week_late"]},
            "month": {
                "on_time": answered_row["month_on_time"],
                "late": answered_row["month_late"],
            },
        },
        by_agent=by_agent,
        overdue_count=age_row["overdue"],
        overdue=overdue,
    )
