"""A 10 MB PDF through the new-request form: how much a gunicorn worker's peak memory rises."""

from __future__ import annotations

from pathlib import Path

from bench.client import Browser, make_pdf
from bench.flows import PDF, tawasul_review
from bench.harness.config import WORK
from bench.harness.context import Run
from bench.harness.gunicorn import Gunicorn

TARGET_MB = 20


def vm_kib(pid: int, field_name: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field_name} not found for {pid}")


def measure(run: Run) -> None:
    form = run.urls["tawasul_new"]
    small = make_pdf(WORK / "small.pdf", 20 * 1024)
    big = make_pdf(WORK / "big.pdf", 10 * 1024 * 1024 - 4096)
    with Gunicorn(run.env(), workers=1, name="uploads") as server:
        (pid,) = server.worker_pids()
        browser = Browser(server.port, run.seed["user_cookie"])
        # Warm-up: one full small upload, so imports and first-use caches are not counted.
        for _ in range(2):
            tawasul_review(browser, form, [("attachments", "warm.pdf", small, PDF)])
        before_hwm, before_rss = vm_kib(pid, "VmHWM"), vm_kib(pid, "VmRSS")
        review, _token = tawasul_review(browser, form, [("attachments", "big.pdf", big, PDF)])
        after_hwm, after_rss = vm_kib(pid, "VmHWM"), vm_kib(pid, "VmRSS")
        page = browser.get(review)
        browser.close()
    stored = "big.pdf" in page.body
    delta_mb = (after_hwm - before_hwm) / 1024
    run.report.add(
        "uploads",
        f"a {big.stat().st_size / 1024 / 1024:.1f} MB PDF through the new-request form: "
        "gunicorn worker peak RSS (VmHWM) rise",
        f"**+{delta_mb:.1f} MB** (VmHWM {before_hwm // 1024} → {after_hwm // 1024} MB, "
        f"VmRSS {before_rss // 1024} → {after_rss // 1024} MB); "
        + ("accepted, on the review page" if stored else "NOT on the review page"),
        f"< {TARGET_MB} MB",
        delta_mb < TARGET_MB and stored,
    )
