"""Reads written out in SQL, for the few hot queries where building them with the ORM cost more
than running them (bench/FINDINGS.md, 2026-12-05). Everything else stays on the ORM."""

from collections.abc import Sequence

from django.db import connections
from django.db.models import Field


def rows_converted(
    sql: str, params: Sequence, fields: Sequence[Field | None], *, using: str = "default"
) -> list[list]:
    """The rows of `sql`, each value converted as the ORM converts its field's column (SQLite keeps
    dates as text, for one); a None in `fields` leaves that column as the database gave it."""
    connection = connections[using]
    converters = []
    for field in fields:
        if field is None:
            converters.append(((), None))
            continue
        column = field.get_col(field.model._meta.db_table)
        converters.append(
            (connection.ops.get_db_converters(column) + field.get_db_converters(connection), column)
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converted = []
    for row in rows:
        values = list(row)
        for index, (functions, column) in enumerate(converters):
            for function in functions:
                values[index] = function(values[index], column, connection)
        converted.append(values)
    return converted
