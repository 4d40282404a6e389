"""Reads of the requesters' ratings for the staff dashboard."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ratings.models import PageFeedback, Rating
from tawasul.desk_selectors import agent_names


@dataclass(frozen=True)
class RatingFigures:
    """Average score and number of ratings, this month and overall."""

    month_count: int = 0
    month_total: int = 0
    count: int = 0
    total: int = 0

    @property
    def month_average(self) -> float | None:
        return self.month_total / self.month_count if self.month_count else None

    @property
    def average(self) -> float | None:
        return self.total / self.count if self.count else None

    def __add__(self, other: "RatingFigures") -> "RatingFigures":
        return RatingFigures(
            self.month_count + other.month_count,
            self.month_total + other.month_total,
            self.count + other.count,
            self.total + other.total,
        )


@dataclass(frozen=True)
class RatingsBoard:
    by_section: dict[str, RatingFigures]
    by_agent: list[tuple[str, RatingFigures]]  # the request's assignee when it was answered


def ratings_board(*, now: datetime | None = None) -> RatingsBoard:
    """The ratings per section and per agent in two queries (the figures, the agents' names),
    whatever the number of ratings: one row per (section, assignee) pair, summed here. Averages
    come from sums and counts, so adding the pairs up stays exact (an average of averages would
    not)."""
    now = now or timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    this_month = Q(created_at__gte=month_start)
    rows = (
        # In the order of ratings_dashboard_idx, no join: the agents' names are read after.
        Rating.objects.values("section", "assignee_id")
        .annotate(
            month_count=Count("score", filter=this_month),
            month_total=Sum("score", filter=this_month, default=0),
            count=Count("*"),
            total=Sum("score"),
        )
        .order_by()
    )
    by_section: dict[str, RatingFigures] = {}
    by_agent: dict[int, RatingFigures] = {}
    for row in rows:
        figures = RatingFigures(row["month_count"], row["month_total"], row["count"], row["total"])
        section = row["section"]
        by_section[section] = by_section.get(section, RatingFigures()) + figures
        agent = row["assignee_id"]
        if agent is None:  # answered without an assignee: counts for its section only
            continue
        by_agent[agent] = by_agent.get(agent, RatingFigures()) + figures
    names = agent_names(by_agent)
    return RatingsBoard(
        by_section=by_section,
        by_agent=sorted(
            ((names.get(pk, ""), figures) for pk, figures in by_agent.items()),
            key=lambda pair: (-pair[1].count, pair[0]),
        ),
    )


@dataclass(frozen=True)
class PageUsefulness:
    """A page's answers to «هل كانت هذه الصفحة مفيدة؟»."""

    page: str
    label: str
    yes: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def share_useful(self) -> float | None:
        """The share of "yes", from 0 to 1; None before any answer."""
        return self.yes / self.total if self.total else None

    @property
    def percent_useful(self) -> int | None:
        share = self.share_useful
        return None if share is None else round(share * 100)


def page_usefulness(*, counters: QuerySet | None = None) -> list[PageUsefulness]:
    """Yes and no per page, in one query over the counters (all of them, or those given, e.g.
    the admin's filtered list), in the order of `PageFeedback.Page`; pages nobody answered yet
    are left out."""
    counters = PageFeedback.objects.all() if counters is None else counters
    rows = (
        counters.order_by()
        .values("page")
        .annotate(
            yes=Sum("count", filter=Q(answer=PageFeedback.Answer.YES), default=0),
            no=Sum("count", filter=Q(answer=PageFeedback.Answer.NO), default=0),
        )
    )
    found = {row["page"]: row for row in rows}
    return [
        PageUsefulness(page=page, label=label, yes=found[page]["yes"], no=found[page]["no"])
        for page, label in PageFeedback.Page.choices
        if page in found
    ]
