"""Answer-by dates in working days: Sunday to Thursday, public holidays (kept in the admin) off.

The rule, applied by tawasul.services:
- on receipt, answer_by = the section's target in working days after the day it arrived;
- returned to the applicant, the clock stops: the working days left are remembered;
- back from the applicant (or taken up again by staff), answer_by = those days (at least one)
  after the day it came back;
- overdue: still waiting for staff (new, under processing, answered by the applicant) after its
  answer-by day.
"""

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

# Python's weekday(): Monday is 0, so Friday and Saturday are 4 and 5.
WEEKEND = frozenset({4, 5})
WAITING_FOR_STAFF = ("new", "under_processing", "returned_by_applicant")


def is_working_day(day: date, holidays: frozenset[date] | set[date]) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: date, days: int, holidays: frozenset[date] | set[date]) -> date:
    """The `days`-th working day after `start` (start itself not counted)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day


def working_days_between(start: date, end: date, holidays: frozenset[date] | set[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def holidays_from(start: date, *, days: int) -> frozenset[date]:
    """Public holidays in the calendar window a count of `days` working days can reach (holiday
    seasons included: twice the days plus two months)."""
    from tawasul.desk_models import PublicHoliday

    end = start + timedelta(days=days * 2 + 60)
    return frozenset(
        PublicHoliday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def target_days(section: str) -> int:
    from tawasul.desk_models import DEFAULT_ANSWER_DAYS, SectionSettings

    days = (
        SectionSettings.objects.filter(section=section)
        .values_list("answer_days", flat=True)
        .first()
    )
    return days or DEFAULT_ANSWER_DAYS


def answer_by_from(start: date, days: int) -> date:
    return add_working_days(start, days, holidays_from(start, days=days))


def overdue_q(today: date | None = None) -> Q:
    """Requests still waiting for staff after their answer-by day."""
    today = today or timezone.localdate()
    return Q(status__in=WAITING_FOR_STAFF, answer_by__lt=today)
