import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from privacy.selectors import user_data_export


@require_safe
def notice(request: HttpRequest) -> HttpResponse:
    """What the portal collects, why, where, for how long, and how to ask for a copy or deletion."""
    years = max(1, settings.TAWASUL_DOCUMENT_RETENTION_DAYS // 365)
    # A plural: built here, where makemessages finds it (it reads no plural in Jinja templates).
    document_retention = ngettext(
        "The documents of a closed request are deleted %(years)s year after it was closed; the "
        "request itself and its history stay, with a note that the documents were deleted.",
        "The documents of a closed request are deleted %(years)s years after it was closed; the "
        "request itself and its history stay, with a note that the documents were deleted.",
        years,
    ) % {"years": years}
    return render(
        request,
        "privacy/notice.html",
        {
            "document_retention": document_retention,
            "audit_retention_days": settings.AUDIT_RETENTION.days,
        },
    )


@require_safe
@never_cache
@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own data as one JSON file (their right to a copy)."""
    data = {
        "exported_at": timezone.now().isoformat(),
        **user_data_export(user=request.user),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"muqeem-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
