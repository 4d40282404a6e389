"""Human-readable request numbers, one series a year: PREFIX-YEAR-000123.

Subscriptions and Tawasul both number their requests this way, each with its own counter table (a
model with `year` as primary key and `last`). Only the mechanism is shared, here.
"""

from django.db import connection, models
from django.utils import timezone


def yearly_number_next(*, counter: type[models.Model], prefix: str, digits: int, now=None) -> str:
    """Give out the next number of the current year (Riyadh time). Call inside the caller's
    transaction, as late as possible in it.

    The counter row is bumped by one UPDATE, which takes its row lock (PostgreSQL) or the write lock
    (SQLite) at once and keeps it until the transaction ends, so concurrent submissions queue on it
    and each reads back its own value: numbers are distinct and consecutive.
    """
    year = timezone.localtime(now or timezone.now()).year
    for _attempt in range(2):
        last = _bump(counter, year)
        if last is not None:
            return f"{prefix}-{year}-{last:0{digits}d}"
        # First number of the year: create the row; a concurrent creator is simply ignored.
        counter.objects.bulk_create([counter(year=year, last=0)], ignore_conflicts=True)
    raise RuntimeError(f"{counter.__name__} row for {year} missing")  # pragma: no cover


def _bump(counter: type[models.Model], year: int) -> int | None:
    """Add one to the year's counter and return the new value (None when the row is missing)."""
    if connection.features.can_return_columns_from_insert:
        # PostgreSQL and SQLite ≥ 3.35: UPDATE … RETURNING, one round trip instead of two.
        table = connection.ops.quote_name(counter._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET last = last + 1 WHERE year = %s RETURNING last",  # noqa: S608
                [year],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    if not counter.objects.filter(year=year).update(last=models.F("last") + 1):
        return None
    return counter.objects.values_list("last", flat=True).get(year=year)
