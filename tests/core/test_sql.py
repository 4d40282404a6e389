"""Written-out reads give what the ORM gives: each column converted as its field's."""

from datetime import datetime

import pytest

from core.sql import rows_converted
from tawasul.models import TawasulRequest
from tests.tawasul.factories import TawasulRequestFactory

pytestmark = pytest.mark.django_db


def test_rows_come_back_with_the_orms_types_and_untyped_columns_as_given():
    tawasul_request = TawasulRequestFactory()
    meta = TawasulRequest._meta
    rows = rows_converted(
        f"SELECT number, created_at, 7 FROM {meta.db_table} WHERE id = %s",  # noqa: S608
        [tawasul_request.pk],
        [meta.get_field("number"), meta.get_field("created_at"), None],
    )

    [[number, created_at, seven]] = rows
    assert number == tawasul_request.number
    assert isinstance(created_at, datetime) and created_at == tawasul_request.created_at
    assert seven == 7
