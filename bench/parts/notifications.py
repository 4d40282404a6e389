"""The e-mail pipeline: the time `email_queue` adds to a request, and one Celery worker delivering
1,500 e-mails to a loopback SMTP server, each counted once by its Message-ID."""

from __future__ import annotations

import json
import os
import time

from bench.harness.config import NPROC
from bench.harness.context import Run
from bench.harness.services import manage
from bench.harness.worker import celery_worker
from loopback.smtp_server import SmtpServer

QUEUE_TARGET_MS = 2.0
PER_MINUTE_TARGET = 1000


def measure(run: Run) -> None:
    env = run.env()
    timing = json.loads(manage(env, "bench_notifications", "--timing", "500", capture=True))
    run.report.add(
        "notifications",
        "`email_queue` time added to a request (median of 500; p95)",
        f"**{timing['median_ms']:.2f} ms** (p95 {timing['p95_ms']:.2f} ms; "
        f"call {timing['call_median_ms']:.2f} + enqueue on commit "
        f"{timing['enqueue_median_ms']:.2f}; this process's CPU alone "
        f"{timing['cpu_median_ms']:.2f})",
        f"< {QUEUE_TARGET_MS:.0f} ms",
        timing["median_ms"] < QUEUE_TARGET_MS,
    )
    count = int(os.environ.get("BENCH_EMAILS", "1500"))
    # Headers only: this process only counts arrivals, its CPU stays with the worker.
    smtp = SmtpServer(parse_bodies=False)
    smtp.start()
    worker_env = dict(env, EMAIL_URL=f"smtp://{smtp.host}:{smtp.port}")
    try:
        with celery_worker(worker_env):
            queued = json.loads(
                manage(worker_env, "bench_notifications", "--deliver", str(count), capture=True)
            )
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and len(smtp.snapshot()) < count:
                time.sleep(0.5)
            time.sleep(2)  # would a duplicate still arrive?
            received = smtp.snapshot()
    finally:
        smtp.stop()
    expected = set(queued["message_ids"])
    arrived = [message for message in received if message.message_id in expected]
    distinct = len({message.message_id for message in arrived})
    duplicates = len(arrived) - distinct
    last = max((message.received_at for message in arrived), default=time.time())
    minutes = (last - queued["committed_at"]) / 60
    per_minute = distinct / minutes if minutes > 0 else 0
    sent = json.loads(manage(env, "bench_notifications", "--status", capture=True))
    run.report.add(
        "notifications",
        f"one Celery worker ({NPROC} processes) → loopback aiosmtpd: {count} e-mails",
        f"**{per_minute:.0f} e-mails/min**; {distinct}/{count} arrived, {duplicates} duplicates "
        f"(by Message-ID); their outbox rows: {sent['sent']} sent, {sent['pending']} pending",
        f"≥ {PER_MINUTE_TARGET:,}/min, each exactly once",
        per_minute >= PER_MINUTE_TARGET and distinct == count and duplicates == 0,
    )
