"""Seed the page benchmark's data; print, as JSON, the pages to measure with their session cookies.

Idempotent enough for a fresh database (the bench drops and re-creates its database each run).
"""

import json

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.urls import NoReverseMatch, reverse

from accounts.identifiers import national_id_with_check_digit as national_id
from accounts.models import User
from bench.common import BENCH_PASSWORD, session_cookie


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class Command(BaseCommand):
    help = "Seed data for make bench's page measurements; print the pages as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="extra users for concurrency")

    def handle(self, *args, **options):
        password = make_password(BENCH_PASSWORD)
        user, _ = User.objects.update_or_create(
            username="bench",
            defaults={
                "full_name": "مستخدم القياس",
                "national_id": national_id("200000001"),
                "mobile": "+966550000001",
                "email": "bench@example.com",
                "password": password,
            },
        )
        staff, _ = User.objects.update_or_create(
            username="bench-staff",
            defaults={
                "full_name": "موظف القياس",
                "email": "bench-staff@example.com",
                "is_staff": True,
                "is_superuser": True,
                "password": password,
            },
        )
        crowd = []
        for n in range(options["users"]):
            member, _ = User.objects.update_or_create(
                username=f"bench-{n:03d}",
                defaults={
                    "full_name": f"مستخدم {n}",
                    "national_id": national_id(f"21{n:07d}"),
                    "mobile": f"+9665510{n:05d}",
                    "email": f"bench-{n:03d}@example.com",
                    "password": password,
                },
            )
            crowd.append(member)

        cookie = session_cookie(user)
        pages = [
            {
                "key": "bare",
                "name": "bare view (yardstick)",
                "url": "/bench/bare/",
                "cookie": cookie,
            },
            {
                "key": "bare_user",
                "name": "(bare view + session and user look-up: any logged-in page's floor)",
                "url": "/bench/bare-user/",
                "cookie": cookie,
                "informative": True,
            },
            {"key": "login", "name": "log-in page", "url": _url("accounts:login"), "cookie": ""},
        ]
        pages += self.tawasul_pages(user, cookie)
        pages.append(
            {
                "key": "subscription_form",
                "name": "subscription form (individual, anonymous)",
                "url": _url("subscriptions:individual"),
                "cookie": "",
            }
        )
        result = {
            "pages": pages,
            "user_cookie": cookie,
            # For the page measurements the bench logs in through the form, as a browser does.
            "login": {"username": user.username, "password": BENCH_PASSWORD},
            "staff_cookie": session_cookie(staff),
            "crowd_cookies": [session_cookie(member) for member in crowd],
            "urls": {
                "tawasul_new": _url("tawasul:request_create"),
                "subscription_individual": _url("subscriptions:individual"),
            },
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def tawasul_pages(self, user, cookie) -> list[dict]:
        """My requests (50), a detail with 10 replies and 5 attachments, the new-request form."""
        from datetime import timedelta

        from django.core.files.base import ContentFile
        from django.utils import timezone

        from tawasul.models import (
            SERVICE_TYPE_SECTION,
            Attachment,
            Reply,
            StatusChange,
            TawasulRequest,
        )

        statuses = TawasulRequest.Status.values
        service_types = list(SERVICE_TYPE_SECTION)
        now = timezone.now()
        staff = User.objects.get(username="bench-staff")
        requests = []
        for n in range(50):
            service_type = service_types[n % len(service_types)]
            requests.append(
                TawasulRequest(
                    number=f"TW-BENCH-{n:06d}",
                    requester=user,
                    requester_name=user.full_name,
                    national_id=user.national_id,
                    mobile=user.mobile,
                    email=user.email,
                    section=SERVICE_TYPE_SECTION[service_type],
                    service_type=service_type,
                    description="تعذر إصدار تأشيرة الخروج والعودة بسبب رسالة خطأ في النظام. " * 3,
                    status=statuses[n % len(statuses)],
                    error_code="E-PASSPORT-EXPIRED",
                    error_message="جواز السفر منتهي الصلاحية",
                    service="exit_reentry",
                )
            )
        TawasulRequest.objects.bulk_create(requests)
        for n, tawasul_request in enumerate(requests):
            # Spread the creation times, newest first matters for the list's order.
            created = now - timedelta(days=50 - n)
            TawasulRequest.objects.filter(pk=tawasul_request.pk).update(
                created_at=created, updated_at=created
            )
        detail = requests[-1]
        TawasulRequest.objects.filter(pk=detail.pk).update(
            status=TawasulRequest.Status.RETURNED_TO_APPLICANT
        )
        StatusChange.objects.bulk_create(
            StatusChange(request=detail, changed_by=staff, from_status=a, to_status=b)
            for a, b in [
                ("", "new"),
                ("new", "under_processing"),
                ("under_processing", "returned_to_applicant"),
            ]
        )
        replies = Reply.objects.bulk_create(
            Reply(
                request=detail,
                author=staff if n % 2 == 0 else user,
                is_staff=n % 2 == 0,
                body=f"رد رقم {n + 1}: نرجو إرفاق صورة جواز السفر الجديد وصورة الإقامة.",
            )
            for n in range(10)
        )
        pdf = (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n"
        )
        for n in range(5):
            attachment = Attachment(
                request=detail,
                reply=replies[n * 2 + 1] if n < 3 else None,
                original_name=f"مستند-{n + 1}.pdf",
                size=len(pdf),
                content_type="application/pdf",
                uploaded_by=user,
            )
            attachment.file.save(f"bench-{n}.pdf", ContentFile(pdf), save=False)
            attachment.save()
        return [
            {
                "key": "my_requests",
                "name": "«تواصل» my requests (user with 50)",
                "url": _url("tawasul:request_list"),
                "cookie": cookie,
            },
            {
                "key": "request_detail",
                "name": "request detail (10 replies, 5 attachments)",
                "url": _url("tawasul:request_detail", detail.number),
                "cookie": cookie,
            },
            {
                "key": "request_create",
                "name": "new-request form",
                "url": _url("tawasul:request_create"),
                "cookie": cookie,
            },
            {
                # A client that kept only the session cookie: every answer makes a new CSRF
                # secret and cookie, as for a first visit.
                "key": "my_requests_session_only",
                "name": "(«تواصل» sent the session cookie only, no CSRF cookie)",
                "url": _url("tawasul:request_list"),
                "cookie": cookie,
                "keep_cookie": True,
                "informative": True,
            },
        ]
