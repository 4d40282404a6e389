"""Notification measurements for `make bench` (run by `python -m bench`, prints JSON).

--timing N   time `email_queue` as a request uses it: inside a transaction, then the on-commit
             enqueue to the Redis broker; N samples, no worker running (queued tasks purged after).
--deliver N  queue N e-mails in one transaction (a worker and the loopback SMTP server are
             running) and print the commit time and the Message-IDs to expect.
--status     count the outbox rows by status.
"""

import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from muqeem.celery import app
from notifications import services
from notifications.models import OutboundEmail

TEMPLATE = "bench/notice"


class Command(BaseCommand):
    help = "Measure the notification pipeline for make bench."

    def add_arguments(self, parser):
        parser.add_argument("--timing", type=int)
        parser.add_argument("--deliver", type=int)
        parser.add_argument("--status", action="store_true")

    def handle(self, *args, **options):
        if options["timing"]:
            result = self.timing(options["timing"])
        elif options["deliver"]:
            result = self.deliver(options["deliver"])
        else:
            counts = dict(
                OutboundEmail.objects.filter(template=TEMPLATE)
                .values_list("status")
                .annotate(n=Count("id"))
                .order_by()
            )
            result = {status: counts.get(status, 0) for status in OutboundEmail.Status.values}
        self.stdout.write(json.dumps(result))

    def timing(self, samples: int) -> dict:
        enqueue_times: list[float] = []
        cpu_times: list[float] = []
        original = services.email_enqueue

        def timed_enqueue(*, email_id: int) -> bool:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return original(email_id=email_id)
            finally:
                enqueue_times.append(time.perf_counter() - start)
                cpu_times.append(time.process_time() - cpu)

        call_times: list[float] = []
        services.email_enqueue = (
            timed_enqueue  # the on-commit lambda looks the name up when it runs
        )
        try:
            for n in range(samples + 20):
                with transaction.atomic():
                    start, cpu = time.perf_counter(), time.process_time()
                    services.email_queue(
                        to=f"timing-{n}@example.com",
                        template=TEMPLATE,
                        context={"name": "مستخدم", "number": f"T-{n}"},
                        language="ar",
                    )
                    call_times.append(time.perf_counter() - start)
                    cpu_times.append(time.process_time() - cpu)
        finally:
            services.email_enqueue = original
        # The first few include opening the broker connection: not what a warm worker pays.
        call_times, enqueue_times = call_times[20:], enqueue_times[20:]
        totals = [a + b for a, b in zip(call_times, enqueue_times, strict=True)]
        # cpu_times alternates call, enqueue: this process's own CPU, which other load barely moves.
        cpu_totals = [a + b for a, b in zip(cpu_times[40::2], cpu_times[41::2], strict=True)]
        app.control.purge()
        OutboundEmail.objects.filter(template=TEMPLATE).delete()
        ms = 1000
        return {
            "samples": len(totals),
            "median_ms": statistics.median(totals) * ms,
            "p95_ms": statistics.quantiles(totals, n=20)[-1] * ms,
            "call_median_ms": statistics.median(call_times) * ms,
            "enqueue_median_ms": statistics.median(enqueue_times) * ms,
            "cpu_median_ms": statistics.median(cpu_totals) * ms,
        }

    def deliver(self, count: int) -> dict:
        with transaction.atomic():
            emails = [
                services.email_queue(
                    to=f"reader-{n}@example.com",
                    template=TEMPLATE,
                    context={"name": "مستخدم", "number": f"D-{n}"},
                    language="ar" if n % 2 else "en",
                )
                for n in range(count)
            ]
            committed_at = time.time()
        return {"committed_at": committed_at, "message_ids": [email.message_id for email in emails]}
