"""Tawasul pages: new request (form → review → number), my requests, a request, its documents."""

import json
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from audit.services import AuditAction, audit_record
from speed.pages import cached_page
from tawasul import rules, selectors, services
from tawasul.forms import AnswerForm, RequestForm
from tawasul.models import Draft

logger = logging.getLogger(__name__)

REQUESTS_PER_PAGE = 20
# Drafts this browser confirmed → their request numbers, so going back to a review page after
# confirming shows the number instead of an error. A signed cookie rather than the session: the
# confirmation then writes nothing but the request itself (no session UPDATE, no cache write).
SENT_DRAFTS_COOKIE = "tawasul_sent"
SENT_DRAFTS_SALT = "tawasul.views.sent_drafts"
SENT_DRAFTS_KEPT = 5


def _sent_drafts(request) -> dict[str, str]:
    raw = request.get_signed_cookie(SENT_DRAFTS_COOKIE, default="", salt=SENT_DRAFTS_SALT)
    try:
        sent = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return sent if isinstance(sent, dict) else {}


def _remember_sent_draft(response, sent: dict[str, str], draft_id, number: str) -> None:
    kept = dict(list(sent.items())[-(SENT_DRAFTS_KEPT - 1) :])
    kept[str(draft_id)] = number
    response.set_signed_cookie(
        SENT_DRAFTS_COOKIE,
        json.dumps(kept, separators=(",", ":")),
        salt=SENT_DRAFTS_SALT,
        max_age=7 * 24 * 3600,
        path=reverse("tawasul:request_list"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class KnownCountPaginator(Paginator):
    """A paginator told the number of rows (read with the page's rows) instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _form_context(request, *, incident, form, draft=None, reference_missing=False) -> dict:
    return {
        "form": form,
        "incident": incident,
        "draft": draft,
        "main": selectors.main_data_for(user=request.user, incident=incident),
        "reference_missing": reference_missing,
    }


@login_required
@require_http_methods(["GET", "POST"])
@cached_page  # the blank form for this user and incident
def request_create(request):
    """Steps 3–6: main data shown from the account and the incident; the user adds the rest."""
    reference = request.GET.get("incident", "")
    if request.method == "GET":
        return TemplateResponse(request, *_request_create_page(request, reference))
    incident = selectors.incident_get_for_user(reference=reference, user=request.user)
    form = RequestForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            draft = services.draft_save(
                user=request.user,
                incident=incident,
                section=form.cleaned_data["section"],
                service_type=form.cleaned_data["service_type"],
                description=form.cleaned_data["description"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("tawasul:draft_review", draft_id=draft.pk)
    context = _form_context(
        request,
        incident=incident,
        form=form,
        reference_missing=bool(reference) and incident is None,
    )
    return render(request, "tawasul/request_create.html", context)


def _request_create_page(request, reference: str) -> tuple[str, dict]:
    """An open request for the same error first; else the form, pre-selected from the incident."""
    incident = selectors.incident_get_for_user(reference=reference, user=request.user)
    if request.GET.get("new") != "1":
        existing = selectors.request_open_for_same_error(user=request.user, incident=incident)
        if existing is not None:
            new_url = (
                reverse("tawasul:request_create")
                + "?"
                + urlencode({"incident": incident.reference, "new": "1"})
            )
            context = {"existing": existing, "incident": incident, "new_url": new_url}
            return "tawasul/request_existing.html", context
    service_type = selectors.service_type_for_incident(incident)
    form = RequestForm(
        initial={
            "service_type": service_type,
            "section": selectors.section_for_service_type(service_type),
        }
    )
    context = _form_context(
        request,
        incident=incident,
        form=form,
        reference_missing=bool(reference) and incident is None,
    )
    return "tawasul/request_create.html", context


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, draft_id):
    """Back from the review page: everything typed and attached is still there."""
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    existing = list(draft.attachments.all())
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES, existing_attachments=existing)
        if form.is_valid():
            try:
                services.draft_save(
                    user=request.user,
                    draft=draft,
                    section=form.cleaned_data["section"],
                    service_type=form.cleaned_data["service_type"],
                    description=form.cleaned_data["description"],
                    files=form.cleaned_data["attachments"],
                    remove_attachment_ids=form.cleaned_data.get("remove_attachments") or [],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("tawasul:draft_review", draft_id=draft.pk)
    else:
        form = RequestForm(
            initial={
                "section": draft.section,
                "service_type": draft.service_type,
                "description": draft.description,
            },
            existing_attachments=existing,
        )
    context = _form_context(request, incident=draft.incident, form=form, draft=draft)
    context["existing_attachments"] = existing
    return render(request, "tawasul/request_create.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def draft_review(request, draft_id):
    """Step 7: everything once more, attachments included, and «تأكيد الإرسال»."""
    sent = _sent_drafts(request)
    try:
        draft = selectors.draft_get_for_user(
            user=request.user, draft_id=draft_id, with_attachments=request.method != "POST"
        )
    except Http404:
        # Back or reload after confirming: the draft became this request.
        if str(draft_id) in sent:
            return redirect("tawasul:request_received", number=sent[str(draft_id)])
        raise
    if request.method == "POST":
        try:
            tawasul_request = services.draft_submit(draft=draft, user=request.user)
        except Draft.DoesNotExist:
            # A double click: the other confirmation sent it a moment ago.
            messages.info(request, _("This request was already sent; it is in your list below."))
            return redirect("tawasul:request_list")
        except DatabaseError:
            # Nothing was stored (one transaction) and the draft is intact: say so and offer a
            # retry, without touching the database again to draw the page.
            logger.exception("Tawasul submission failed on the database")
            context = {"draft_id": draft_id}
            return render(request, "tawasul/draft_submit_failed.html", context, status=503)
        messages.success(request, _("Your request was sent to the Passports directorate."))
        response = redirect("tawasul:request_received", number=tawasul_request.number)
        _remember_sent_draft(response, sent, draft_id, tawasul_request.number)
        return response
    context = {
        "draft": draft,
        "attachments": list(draft.attachments.all()),
        "main": selectors.main_data_for(user=request.user, incident=draft.incident),
    }
    return render(request, "tawasul/draft_review.html", context)


@login_required
def request_received(request, number):
    """Step 8: the request number and all the data."""
    tawasul_request = selectors.request_get_for_user(user=request.user, number=number)
    attachments = selectors.request_attachments(tawasul_request=tawasul_request)
    context = {"request_obj": tawasul_request, "attachments": attachments}
    return render(request, "tawasul/request_received.html", context)


@login_required
@require_safe
def request_receipt(request, number):
    """The request's receipt as a PDF to keep; its QR code opens the request's status page."""
    # Imported here: the PDF renderer is loaded only by those who ask for a receipt.
    from tawasul.receipts import request_receipt_pdf

    tawasul_request = selectors.request_get_for_user(user=request.user, number=number)
    status_url = request.build_absolute_uri(
        reverse("tawasul:request_detail", args=[tawasul_request.number])
    )
    response = HttpResponse(
        request_receipt_pdf(tawasul_request=tawasul_request, status_url=status_url),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{tawasul_request.number}.pdf"'
    return response


@login_required
@cached_page  # drawn again only when one of my requests changes
def request_list(request):
    """Step 9, «تواصل»: my requests, newest first."""
    requested = request.GET.get("page")
    try:
        number = max(int(requested), 1)
    except (TypeError, ValueError):
        number = 1
    fetched = _requests_page(request.user, number)
    page = KnownCountPaginator((), REQUESTS_PER_PAGE, count=fetched.count).get_page(requested)
    if page.number != number:  # out of range: the page Django's paginator chose instead
        fetched = _requests_page(request.user, page.number)
    page.object_list = fetched.rows
    context = {
        "page": page,
        # One reverse() for the page instead of one per row: /tawasul/requests/<number>/.
        "detail_prefix": reverse("tawasul:request_detail", args=["-"])[:-2],
    }
    return TemplateResponse(request, "tawasul/request_list.html", context)


def _requests_page(user, number: int) -> selectors.RequestsPage:
    offset = (number - 1) * REQUESTS_PER_PAGE
    return selectors.requests_page_for_user(user=user, offset=offset, limit=REQUESTS_PER_PAGE)


@login_required
@require_http_methods(["GET", "POST"])
@cached_page  # kept per user: another user's request is never in their cache, so it answers 404
def request_detail(request, number):
    """A request's data, timeline and documents; the answer form when it was returned to me."""
    if request.method == "GET":
        tawasul_request = selectors.request_get_for_user(user=request.user, number=number)
        form = AnswerForm() if tawasul_request.awaits_applicant else None
        return TemplateResponse(request, *_request_detail_context(tawasul_request, form))
    tawasul_request = selectors.request_get_for_user(user=request.user, number=number)
    if not tawasul_request.awaits_applicant:
        messages.warning(request, rules.ERRORS["not_returned"])
        return redirect("tawasul:request_detail", number=tawasul_request.number)
    form = AnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.request_answer(
                tawasul_request=tawasul_request,
                user=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your answer was sent."))
            return redirect("tawasul:request_detail", number=tawasul_request.number)
    template_name, context = _request_detail_context(tawasul_request, form)
    return render(request, template_name, context)


def _request_detail_context(tawasul_request, form) -> tuple[str, dict]:
    detail = selectors.request_detail_for(tawasul_request=tawasul_request)
    context = {"request_obj": tawasul_request, "detail": detail, "form": form}
    return "tawasul/request_detail.html", context


@login_required
def attachment_download(request, attachment_id):
    """A document, only for its requester and Tawasul staff, always as a download."""
    attachment = selectors.attachment_get_for_download(
        user=request.user, attachment_id=attachment_id
    )
    try:
        stream = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    if selectors.user_is_tawasul_agent(request.user):
        # Staff opened an applicant's document: kept in the audit log.
        number = attachment.request.number if attachment.request_id else "—"
        audit_record(
            action=AuditAction.DOCUMENT_DOWNLOADED,
            target=attachment,
            target_repr=f"{number} · {attachment.original_name}",
        )
    # Only the three sniffed types are ever stored; anything else is served as opaque bytes.
    content_type = (
        attachment.content_type
        if attachment.content_type in ("application/pdf", "image/jpeg", "image/png")
        else "application/octet-stream"
    )
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
