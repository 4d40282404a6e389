"""Demo Tawasul requests for `make run` (called by `manage.py seed_demo` after eservices).

Idempotent: sent once, through the same services as the portal, for the demo user."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from accounts.models import User
from tawasul import services
from tawasul.models import Section, ServiceType, StatusChange, TawasulRequest
from tawasul.uploads import check_upload

Status = TawasulRequest.Status

# (days ago, incident, section, service type, description, staff reply, statuses in order)
DEMO_REQUESTS = [
    (
        12,
        {
            "code": "iqama_expired",
            "service": ServiceType.IQAMA_RENEWAL,
            "message": "لا يمكن تنفيذ الخدمة: إقامة المقيم منتهية.",
        },
        Section.IQAMA,
        ServiceType.IQAMA_RENEWAL,
        "حاولت تجديد إقامة المقيم فظهرت رسالة أن الإقامة منتهية، مع أن التجديد هو المطلوب.",
        "تم تحديث بيانات الإقامة، يمكنكم تنفيذ التجديد الآن.",
        [Status.UNDER_PROCESSING, Status.PROCESSED, Status.CLOSED],
    ),
    (
        5,
        {
            "code": "passport_expired",
            "service": ServiceType.EXIT_REENTRY_VISA,
            "message": "لا يمكن إصدار تأشيرة خروج وعودة: جواز سفر المقيم منتهي.",
        },
        Section.VISAS,
        ServiceType.EXIT_REENTRY_VISA,
        "جُدد جواز سفر المقيم لدى سفارته ولم تتحدث بياناته في النظام، فرُفضت التأشيرة.",
        "نرجو إرفاق صورة صفحة البيانات من الجواز الجديد.",
        [Status.UNDER_PROCESSING, Status.RETURNED_TO_APPLICANT],
    ),
    (
        2,
        None,
        Section.TECHNICAL,
        ServiceType.PORTAL_ERROR,
        "لا يظهر تقرير المقيم عند الطباعة من المتصفح، تظهر صفحة فارغة.",
        "",
        [Status.UNDER_PROCESSING],
    ),
    (
        0,
        None,
        Section.ESTABLISHMENT,
        ServiceType.ESTABLISHMENT_BALANCE,
        "سددت رسوم الخدمة ولم يظهر المبلغ في رصيد المنشأة حتى الآن.",
        "",
        [],
    ),
]


def _demo_pdf() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("صورة-الإيصال.pdf", buffer.getvalue(), "application/pdf")


def load_demo() -> list[str]:
    demo = User.objects.filter(username="demo").select_related("establishment").first()
    staff = User.objects.filter(username="staff").first()
    if demo is None or staff is None:
        return []
    if TawasulRequest.objects.filter(requester=demo).exists():
        return ["Tawasul: demo requests already there (log in as demo, open «تواصل»)"]
    now = timezone.now()
    for days, incident_data, section, service_type, description, reply, statuses in DEMO_REQUESTS:
        incident = (
            services.incident_record(user=demo, path="/eservices/", **incident_data)
            if incident_data
            else None
        )
        files = [check_upload(_demo_pdf())] if section == Section.ESTABLISHMENT else []
        draft = services.draft_save(
            user=demo,
            incident=incident,
            section=section,
            service_type=service_type,
            description=description,
            files=files,
        )
        tawasul_request = services.draft_submit(draft=draft, user=demo)
        for status in statuses:
            if status == Status.RETURNED_TO_APPLICANT and reply:
                services.reply_create_by_staff(
                    tawasul_request=tawasul_request, author=staff, body=reply
                )
            services.request_change_status(
                tawasul_request=tawasul_request, to_status=status, changed_by=staff
            )
            if status == Status.PROCESSED and reply:
                services.reply_create_by_staff(
                    tawasul_request=tawasul_request, author=staff, body=reply
                )
        if statuses:
            services.request_assign(
                tawasul_request=tawasul_request, assignee=staff, assigned_by=staff
            )
        # Spread the history over the past days, so the timeline and the age filter show something.
        sent_at = now - timedelta(days=days)
        TawasulRequest.objects.filter(pk=tawasul_request.pk).update(created_at=sent_at)
        for step, change in enumerate(tawasul_request.status_changes.order_by("pk")):
            StatusChange.objects.filter(pk=change.pk).update(
                created_at=sent_at + timedelta(hours=step * 5)
            )
        tawasul_request.replies.update(created_at=sent_at + timedelta(hours=4))
    return [f"Tawasul: {len(DEMO_REQUESTS)} demo requests for demo, one returned with a reply"]
