"""Pages against the bare view, in two columns: as served (page and fragment caches on) and drawn
fresh (both caches off: every request draws the page as on a first visit).

Two gunicorn servers run side by side on the same database and Redis, the second with
BENCH_DRAWN_FRESH=1 (muqeem/settings/bench.py: CACHES "pages" and "fragments" become DummyCache;
sessions and user snapshots stay as in production). Each page is measured right after the bare view
on the same server, in interleaved rounds, so both see the same machine load; the median of the
per-round ratios counts. Then an in-process profile of each page, in both columns.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess

from bench.flows import browser_login
from bench.harness.config import BIN, ROOT, ROUNDS, SECONDS, WORK, WORKERS, log
from bench.harness.context import Run
from bench.harness.gunicorn import Gunicorn, http_get
from bench.harness.load import wrk
from bench.harness.services import manage
from bench.report import Column, PageResult, Report

# As served, a page stays within reach of the bare view.
CACHED_TARGET = 0.70
# Drawn fresh (issue 10): at least twice the ratios measured before the work on them.
FRESH_TARGETS = {
    "login": 0.35,
    "subscription_form": 0.25,
    "request_create": 0.25,
    "my_requests": 0.22,
    "request_detail": 0.15,
}
DRAWN_FRESH = {"BENCH_DRAWN_FRESH": "1"}


def columns_of(page: dict) -> list[str]:
    """The columns a page is measured in: every page as served, the targeted ones drawn fresh."""
    return ["cached", "fresh"] if page["key"] in FRESH_TARGETS else ["cached"]


def fresh_column(page: dict) -> Column | None:
    return Column(target=FRESH_TARGETS[page["key"]]) if page["key"] in FRESH_TARGETS else None


def measure(run: Run) -> None:
    env = run.env()
    fresh_env = run.env(**DRAWN_FRESH)
    pages = run.seed["pages"]
    with (
        Gunicorn(env, workers=WORKERS, name="cached") as cached,
        Gunicorn(fresh_env, workers=WORKERS, name="fresh") as fresh,
    ):
        measure_pages(run.report, {"cached": cached, "fresh": fresh}, pages, run.seed["login"])
    with_url = [page for page in pages if page.get("url")]
    profile_pages(run.report, env, with_url, "as served")
    fresh_pages = [page for page in with_url if page["key"] == "bare" or len(columns_of(page)) > 1]
    profile_pages(run.report, fresh_env, fresh_pages, "drawn fresh")


def measure_pages(
    report: Report, servers: dict[str, Gunicorn], pages: list[dict], login: dict
) -> None:
    # Pages behind the log-in get the cookies of a browser that logged in through the form (the
    # session and the CSRF cookie that log-in sets); anonymous pages get none, as a first visit.
    # The session lives in the shared database and Redis: the cookies work on both servers.
    logged_in = browser_login(servers["cached"].port, login)
    pages = [
        page if page.get("keep_cookie") else {**page, "cookie": logged_in if page["cookie"] else ""}
        for page in pages
    ]
    measurable = []
    for page in pages:
        if not page.get("url"):
            report.add("pages", page["name"], "not built yet", "", None)
            continue
        statuses = {
            column: http_get(servers[column].url(page["url"]), page["cookie"])[0]
            for column in columns_of(page)
        }
        if any(status != 200 for status in statuses.values()):
            report.add("pages", page["name"], f"answers HTTP {statuses}", "", False)
            continue
        measurable.append(page)
    connections = WORKERS * 2
    for page in measurable:  # warm-up: templates compiled, connections opened, caches filled
        for column in columns_of(page):
            wrk(servers[column], [(page["url"], page["cookie"])], 1, connections)
    bare = next(page for page in measurable if page["key"] == "bare")
    others = [page for page in measurable if page["key"] != "bare"]
    results = {
        page["key"]: PageResult(
            key=page["key"],
            name=page["name"],
            cached=Column(target=None if page.get("informative") else CACHED_TARGET),
            fresh=fresh_column(page),
        )
        for page in others
    }
    bare_rps: dict[str, list[float]] = {"cached": [], "fresh": []}
    bare_errors = 0
    for round_number in range(ROUNDS):
        shift = round_number % max(len(others), 1)
        for page in others[shift:] + others[:shift]:
            result = results[page["key"]]
            for column in columns_of(page):
                server = servers[column]
                bare_load = wrk(server, [(bare["url"], bare["cookie"])], SECONDS, connections)
                page_load = wrk(server, [(page["url"], page["cookie"])], SECONDS, connections)
                bare_rps[column].append(bare_load.rps)
                bare_errors += bare_load.errors
                target = result.cached if column == "cached" else result.fresh
                target.add(page_load.rps, bare_load.rps, page_load.errors)
        log(f"pages: round {round_number + 1}/{ROUNDS} done")
    report.bare_rps = {column: statistics.median(rps) for column, rps in bare_rps.items() if rps}
    for key in FRESH_TARGETS.keys() - results.keys():  # a target whose page is gone is missed
        report.add("pages", f"{key}, drawn fresh", "not measured", f"≥ {FRESH_TARGETS[key]}", False)
    if bare_errors:
        report.add("pages", "bare view (yardstick)", f"{bare_errors} errors", "no errors", False)
    floor = results["bare_user"].cached.ratio if "bare_user" in results else 0.0
    for page in others:
        result = results[page["key"]]
        if page["cookie"] and result.cached.target is not None and floor:
            result.note = f"≈ {result.cached.ratio / floor:.2f} of the logged-in floor"
        report.add_page(result)
    if os.environ.get("BENCH_PYSPY") == "1":
        record_flame_graphs(report, servers, measurable, connections)
    report.notes.append(
        f"Pages: two gunicorn servers of {WORKERS} sync workers each, side by side on the same "
        "database and Redis: one as in production, one with the page and fragment caches off "
        "(drawn fresh); wrk 1 thread, "
        f"{connections} connections, {ROUNDS} rounds × {SECONDS} s per page and column, each page "
        "right after a bare-view run on the same server; pages behind the log-in (and the bare "
        "views, alike) are sent the cookies a browser holds after logging in through the form "
        "(session, CSRF), the anonymous pages none (a first visit, so each answer also makes a "
        "new CSRF cookie); the ratio is the median of the per-round ratios. For pages behind the "
        "log-in, the ratio to the bare view with the session and user loaded (the logged-in "
        "floor, its own median ratio to the bare view) is shown too: that look-up alone is what "
        "a logged-in page cannot avoid."
    )


def record_flame_graphs(
    report: Report, servers: dict[str, Gunicorn], pages: list[dict], connections: int
) -> None:
    """BENCH_PYSPY=1: a py-spy flame graph of one gunicorn worker while wrk drives each page, in
    each column."""
    written = []
    for page in pages:
        for column in columns_of(page):
            server = servers[column]
            suffix = "" if column == "cached" else "-fresh"
            target = WORK / f"pyspy-{page['key']}{suffix}.svg"
            record = ["record", "--pid", str(server.worker_pids()[0]), "--duration", str(SECONDS)]
            spy = subprocess.Popen(
                [str(BIN / "py-spy"), *record, "--rate", "250", "--nonblocking", "-o", str(target)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wrk(server, [(page["url"], page["cookie"])], SECONDS, connections)
            spy.wait(timeout=60)
            if target.exists():
                written.append(str(target.relative_to(ROOT)))
    report.notes.append(
        "Flame graphs (py-spy, one worker, each page under load): " + ", ".join(written)
    )


def profile_pages(report: Report, env: dict[str, str], pages: list[dict], label: str) -> None:
    """Where the time goes, per page, in-process: the profile behind the ratios."""
    measurable = [[page["key"], page["url"], page["cookie"]] for page in pages]
    profiles = json.loads(manage(env, "bench_profile", json.dumps(measurable), capture=True))
    names = {page["key"]: page["name"] for page in pages}
    lines = [
        f"### Pages {label}: where the time goes (in-process profile, same settings and database)",
        "",
        "CPU per request in one process (Django's test client, no HTTP), SQL queries per request, "
        "and the share of the profile spent inside template rendering, crispy-forms (part of the "
        "templates), SQL, and the session + user look-up.",
        "",
        "| page | CPU ms/request | × bare | queries | templates | crispy | SQL | session+user |",
        "|---|---|---|---|---|---|---|---|",
    ]
    bare = next((p["cpu_ms"] for p in profiles if p["key"] == "bare"), 0) or 1
    for p in profiles:
        lines.append(
            f"| {names.get(p['key'], p['key'])} | {p['cpu_ms']:.2f} | {p['cpu_ms'] / bare:.1f} | "
            f"{p['queries']} | {p['templates']:.0f} % | {p['crispy']:.0f} % | {p['sql']:.0f} % | "
            f"{p['session_user']:.0f} % |"
        )
    report.sections.append("\n".join(lines) + "\n")
