"""Reads of the requesters' ratings for the staff dashboard."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ratings.models import Rating


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
    """The ratings per section and per agent in one query, whatever the number of ratings: one
    row per (section, assignee) pair, summed here. Averages come from sums and counts, so adding
    the pairs up stays exact (an average of averages would not)."""
    now = now or timezone.now()
    month_start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    this_month = Q(created_at__gte=month_start)
    rows = (
        Rating.objects.values(
            "request__section",
            "request__assignee_id",
            "request__assignee__full_name",
            "request__assignee__username",
        )
        .annotate(
            month_count=Count("pk", filter=this_month),
            month_total=Sum("score", filter=this_month, default=0),
            count=Count("pk"),
            total=Sum("score"),
        )
        .order_by()
    )
    by_section: dict[str, RatingFigures] = {}
    by_agent: dict[int, tuple[str, RatingFigures]] = {}
    for row in rows:
        figures = RatingFigures(row["month_count"], row["month_total"], row["count"], row["total"])
        section = row["request__section"]
        by_section[section] = by_section.get(section, RatingFigures()) + figures
        agent = row["request__assignee_id"]
        if agent is None:  # answered without an assignee: counts for its section only
            continue
        name = row["request__assignee__full_name"] or row["request__assignee__username"]
        by_agent[agent] = (name, by_agent.get(agent, (name, RatingFigures()))[1] + figures)
    return RatingsBoard(
        by_section=by_section,
        by_agent=sorted(by_agent.values(), key=lambda pair: (-pair[1].count, pair[0])),
    )
