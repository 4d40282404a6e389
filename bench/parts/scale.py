"""1,000,000 Tawasul requests (seeded with COPY into their own database, kept between runs): p95
of the pages users and staff open most, of a new submission, and EXPLAIN of the hot queries."""

from __future__ import annotations

import json
import os
import statistics
import time

from bench.client import Browser, make_pdf
from bench.flows import PDF, tawasul_confirm, tawasul_draft
from bench.harness.config import SCALE_DB, SCALE_SECONDS, WORK, WORKERS, log
from bench.harness.context import Run
from bench.harness.gunicorn import Gunicorn, http_get
from bench.harness.load import Load, wrk
from bench.harness.services import database_exists, manage, recreate_database

SCALE_REQUESTS = int(os.environ.get("BENCH_SCALE_REQUESTS", "1000000"))
SCALE_USERS = int(os.environ.get("BENCH_SCALE_USERS", "10000"))
P95_TARGET_MS = 150.0


def measure(run: Run) -> None:
    report = run.report
    env = run.env(SCALE_DB)
    if not database_exists(SCALE_DB) or os.environ.get("BENCH_RESEED") == "1":
        recreate_database(SCALE_DB)
    manage(env, "migrate", "--noinput")
    log(f"scale: seeding {SCALE_REQUESTS:,} requests over {SCALE_USERS:,} users (COPY) if needed")
    seeded = json.loads(
        manage(
            env,
            "bench_seed_scale",
            f"--requests={SCALE_REQUESTS}",
            f"--users={SCALE_USERS}",
            capture=True,
        )
    )
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(seeded["by_status"].items()))
    how = (
        f"reused the seeded database (seeded earlier in {seeded['seconds'] / 60:.1f} min)"
        if seeded["reused"]
        else f"seeded now in **{seeded['seconds'] / 60:.1f} min** (users {seeded['users_s']} s, "
        f"requests {seeded['requests_s']} s, history {seeded['history_s']} s, indexes "
        f"{seeded['indexes_s']} s, vacuum/analyze {seeded['vacuum_analyze_s']} s)"
    )
    report.add(
        "scale",
        "seed with COPY: requests / replies / status changes / users",
        f"{seeded['tawasul_tawasulrequest']:,} / {seeded['tawasul_reply']:,} / "
        f"{seeded['tawasul_statuschange']:,} / {seeded['accounts_user']:,}; {how}",
        "minutes, not hours",
        seeded["seconds"] < 15 * 60,
    )
    report.sections.append(f"### Seeded statuses\n\n{statuses}\n")
    targets = json.loads(manage(env, "bench_scale_targets", capture=True))
    staff = targets["staff_cookie"]
    details = [
        "| page | p50 ms | p95 ms | p99 ms | requests | errors |",
        "|---|---|---|---|---|---|",
    ]

    def latency(server: Gunicorn, label: str, pairs: list[tuple[str, str]]) -> Load:
        for path, cookie in pairs[:3]:
            status, _ = http_get(server.url(path), cookie)
            if status != 200:
                raise RuntimeError(f"{label}: {path} answered HTTP {status}")
        load = wrk(server, pairs, SCALE_SECONDS, 2)
        details.append(
            f"| {label} | {load.p50_ms:.1f} | {load.p95_ms:.1f} | {load.p99_ms:.1f} | "
            f"{load.requests} | {load.status_errors + load.socket_errors} |"
        )
        return load

    with Gunicorn(env, workers=WORKERS, name="scale") as server:
        for path, cookie in targets["my_requests"][:5]:  # warm the workers' connections
            http_get(server.url(path), cookie)
        # Each user's first visit: nothing of theirs in any cache yet, the page is drawn from the
        # database (their user row, the summary, the first page of rows).
        first_visits = []
        for path, cookie in targets["my_requests"][5:]:
            started = time.perf_counter()
            status, _ = http_get(server.url(path), cookie)
            first_visits.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"my requests, first visit: {path} answered HTTP {status}")
        first_p95 = statistics.quantiles(first_visits, n=20)[-1]
        report.add(
            "scale",
            f"«تواصل» my requests, first visit of each of {len(first_visits)} users (page drawn "
            "from the database, nothing cached yet), p95",
            f"**{first_p95:.0f} ms** (p50 {statistics.median(first_visits):.0f})",
            f"< {P95_TARGET_MS:.0f} ms",
            first_p95 < P95_TARGET_MS,
        )
        mine = latency(
            server,
            f"my requests ({len(targets['my_requests'])} users in turn)",
            [(path, cookie) for path, cookie in targets["my_requests"]],
        )
        report.add(
            "scale",
            f"«تواصل» my requests, {len(targets['my_requests'])} different users (~"
            f"{SCALE_REQUESTS // SCALE_USERS} requests each) in turn under load, p95",
            f"**{mine.p95_ms:.0f} ms** (p50 {mine.p50_ms:.0f})",
            f"< {P95_TARGET_MS:.0f} ms",
            mine.p95_ms < P95_TARGET_MS and not mine.status_errors,
        )
        for family, paths in targets["filters"].items():
            loads = [
                latency(
                    server, f"changelist, {path.split('/')[-1] or 'no filter'}", [(path, staff)]
                )
                for path in paths
            ]
            worst = max(loads, key=lambda load: load.p95_ms)
            report.add(
                "scale",
                f"staff changelist, filter {family} ({len(paths)} values), worst p95",
                f"**{worst.p95_ms:.0f} ms** (p50 {worst.p50_ms:.0f})",
                f"< {P95_TARGET_MS:.0f} ms",
                worst.p95_ms < P95_TARGET_MS and not any(load.status_errors for load in loads),
            )
        for family, paths in targets["searches"].items():
            load = latency(
                server,
                f"changelist search by {family} ({len(paths)} values in turn)",
                [(path, staff) for path in paths],
            )
            report.add(
                "scale",
                f"staff changelist, search by {family} ({len(paths)} different values), p95",
                f"**{load.p95_ms:.0f} ms** (p50 {load.p50_ms:.0f})",
                f"< {P95_TARGET_MS:.0f} ms",
                load.p95_ms < P95_TARGET_MS and not load.status_errors,
            )
        # New submissions, one after another by different users, number generation included.
        document = make_pdf(WORK / "scale.pdf", 40 * 1024)
        drafts, confirms, wholes = [], [], []
        # Each worker's first submission opens its broker connection: warm them all first.
        warm = WORKERS * 2
        for position, cookie in enumerate(targets["submitters"]):
            browser = Browser(server.port, cookie)
            started = time.perf_counter()
            files = [("attachments", "scale.pdf", document, PDF)]
            draft, token = tawasul_draft(browser, run.urls["tawasul_new"], files)
            confirm = tawasul_confirm(browser, draft.location, token)
            whole = time.perf_counter() - started
            browser.close()
            if draft.status != 302 or confirm.status != 302 or "/received/" not in confirm.location:
                raise RuntimeError(f"scale submission failed: {draft.status} {confirm.status}")
            if position < warm:
                continue
            wholes.append(whole)
            drafts.append(draft.seconds)
            confirms.append(confirm.seconds)

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1] * 1000

    report.add(
        "scale",
        f"new submission ({len(confirms)} users one after another, after {WORKERS * 2} to warm "
        "the workers): confirmation POST "
        "(number, request, history, outbox) p95",
        f"**{p95(confirms):.0f} ms** (form POST with a PDF: p95 {p95(drafts):.0f} ms; whole "
        f"flow GET + 2 POSTs: p95 {p95(wholes):.0f} ms)",
        f"< {P95_TARGET_MS:.0f} ms",
        p95(confirms) < P95_TARGET_MS,
    )
    report.sections.append(
        "### Scale: every measured page\n\n"
        f"wrk, 1 thread, 2 connections, {SCALE_SECONDS} s each, gunicorn {WORKERS} sync "
        "workers on the seeded database.\n\n" + "\n".join(details) + "\n"
    )
    explain_pages = [
        ["my requests", targets["my_requests"][0][0], targets["my_requests"][0][1]],
        ["changelist, no filter", targets["filters"]["none"][0], staff],
        ["changelist, status=new", targets["filters"]["status"][0], staff],
        ["changelist, age=30d+", targets["filters"]["age"][-1], staff],
        ["changelist, assignee=none", targets["filters"]["assignee"][1], staff],
        ["changelist, search by number", targets["searches"]["number"][0], staff],
        ["changelist, search by national ID", targets["searches"]["national ID"][0], staff],
    ]
    explained = json.loads(manage(env, "bench_explain", json.dumps(explain_pages), capture=True))
    lines = ["### EXPLAIN (ANALYZE, BUFFERS) of the hot queries", ""]
    for page in explained:
        lines.append(
            f"#### {page['label']} — `{page['path']}`: {page['queries']} queries, "
            f"{page['page_ms']:.0f} ms in-process"
        )
        lines.append("")
        for query in page["explained"]:
            lines += ["```sql", query["sql"], "```", "```", query["plan"], "```", ""]
    report.sections.append("\n".join(lines))
