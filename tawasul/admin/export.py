"""The queue as a CSV file, with the filters and search of the page it was asked from."""

import csv
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext

from audit.services import AuditAction, audit_record
from tawasul import sla
from tawasul.templatetags.tawasul_tags import section_label, service_type_label, status_label

# A report, not a backup: past this many rows the file stops (staff narrow the filter instead).
EXPORT_MAX_ROWS = 50_000


class _Echo:
    """csv.writer writes into this and gets the line back, to stream it."""

    def write(self, value: str) -> str:
        return value


class QueueExportMixin:
    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="tawasul_tawasulrequest_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The changelist's own queryset: the same filters, search and order as the page.
        queryset = self.get_changelist_instance(request).get_queryset(request)
        rows = queryset.select_related("assignee")[:EXPORT_MAX_ROWS]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        # Applicants' names, IDs and contacts leave the portal in this file: who took which
        # part of the queue is kept (the filters and search that chose the rows).
        audit_record(
            action=AuditAction.QUEUE_EXPORTED,
            target_repr=f"tawasul-{stamp}.csv",
            changes={"filters": ("", request.GET.urlencode())},
        )
        response = StreamingHttpResponse(
            _csv_lines(rows, today=timezone.localdate()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="tawasul-{stamp}.csv"'
        return response


def _csv_lines(rows, *, today) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte-order mark tells Excel the file is UTF-8 (Arabic otherwise shows as mojibake).
    yield "\ufeff" + writer.writerow(
        [
            gettext("request number"),
            gettext("received"),
            gettext("section"),
            gettext("service type"),
            gettext("status"),
            gettext("assigned to"),
            gettext("answer by"),
            gettext("Overdue"),
            gettext("name"),
            gettext("national ID / iqama number"),
            gettext("mobile number"),
            gettext("e-mail address"),
        ]
    )
    for row in rows.iterator(chunk_size=2000):
        overdue = row.status in sla.WAITING_FOR_STAFF and row.answer_by and row.answer_by < today
        yield writer.writerow(
            [
                row.number,
                timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M"),
                section_label(row.section),
                service_type_label(row.service_type),
                status_label(row.status),
                str(row.assignee) if row.assignee else "",
                row.answer_by.isoformat() if row.answer_by else "",
                gettext("Yes") if overdue else "",
                _safe_cell(row.requester_name),
                row.national_id,
                _safe_cell(row.mobile),
                _safe_cell(row.email),
            ]
        )


def _safe_cell(value: str) -> str:
    """Text typed by applicants, opened in a spreadsheet: a leading =, +, - or @ would run as a
    formula (CSV injection), so such a cell starts with an apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
