"""50 Tawasul submissions (each with a PDF) and 50 subscription requests released at one moment:
every one gets its own number and every file arrives whole."""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time

from accounts.identifiers import national_id_with_check_digit as national_id_for
from bench.client import Browser, make_pdf
from bench.flows import PDF, number_from, tawasul_confirm, tawasul_review
from bench.harness.config import NPROC, WORK
from bench.harness.context import Run
from bench.harness.gunicorn import Gunicorn
from bench.harness.services import manage


def measure(run: Run) -> None:
    crowd_cookies = run.seed["crowd_cookies"]
    tawasul_form = run.urls["tawasul_new"]
    subscription_form = run.urls["subscription_individual"]
    count = min(50, len(crowd_cookies))
    documents = [make_pdf(WORK / f"crowd-{n}.pdf", 30 * 1024 + n * 97) for n in range(count)]
    # All clients share 127.0.0.1: the subscription rate limit is raised for this part only.
    env = run.env(SUBSCRIPTIONS_SUBMIT_RATE="100000/m")
    barrier = threading.Barrier(count * 2)
    outcomes: list[dict] = []
    lock = threading.Lock()

    def submitter(kind: str, n: int, prepare, send) -> None:
        """Prepare (form, draft), wait for everyone, then send the final POST."""
        result: dict = {"kind": kind, "n": n}
        try:
            browser = prepare(n)
            barrier.wait(timeout=120)
            result.update(send(browser, n))
            browser.close()
        except Exception as exc:
            result.update(ok=False, error=f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.abort()
        with lock:
            outcomes.append(result)

    drafts: dict[int, tuple[str, str]] = {}
    forms: dict[int, dict[str, str]] = {}

    def tawasul_prepare(n: int) -> Browser:
        browser = Browser(server.port, crowd_cookies[n])
        files = [("attachments", f"crowd-{n}.pdf", documents[n], PDF)]
        drafts[n] = tawasul_review(browser, tawasul_form, files)
        return browser

    def tawasul_send(browser: Browser, n: int) -> dict:
        response = tawasul_confirm(browser, *drafts[n])
        ok = response.status == 302 and "/received/" in response.location
        return {"status": response.status, "number": number_from(response.location), "ok": ok}

    def subscription_prepare(n: int) -> Browser:
        browser = Browser(server.port)
        form = browser.get(subscription_form)
        forms[n] = {
            "csrfmiddlewaretoken": browser.csrf_from(form),
            "company_name": f"مؤسسة التحميل {n}",
            "full_name": f"مقدم الطلب {n}",
            "national_id": national_id_for(f"29{n:07d}"),
            "city": "riyadh",
            "mobile": f"0556{n:06d}",
            "email": f"crowd-{n}@crowd.example.com",
        }
        return browser

    def subscription_send(browser: Browser, n: int) -> dict:
        response = browser.post(subscription_form, forms[n])
        ok = response.status == 302 and "/requests/" in response.location
        return {"status": response.status, "number": number_from(response.location), "ok": ok}

    workers = max(2, NPROC) * 2
    with Gunicorn(env, workers=workers, threads=12, name="concurrency") as server:
        threads = [
            threading.Thread(target=submitter, args=("tawasul", n, tawasul_prepare, tawasul_send))
            for n in range(count)
        ]
        threads += [
            threading.Thread(
                target=submitter,
                args=("subscription", n, subscription_prepare, subscription_send),
            )
            for n in range(count)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        elapsed = time.monotonic() - started
    stored = json.loads(manage(env, "bench_verify", capture=True))
    numbers = [o.get("number") for o in outcomes if o.get("ok")]
    errors = [o for o in outcomes if not o.get("ok")]
    tawasul_numbers = stored["tawasul_numbers"]
    subscription_numbers = stored["subscription_numbers"]
    all_numbers = tawasul_numbers + subscription_numbers
    expected = {
        f"crowd-{n}.pdf": hashlib.sha256(documents[n].read_bytes()).hexdigest()
        for n in range(count)
    }
    # Intact: stored under the name sent, readable, and byte for byte the document uploaded.
    intact = sum(
        1
        for f in stored["attachments"]
        if not f.get("missing") and expected.get(f["name"]) == f["sha256"]
    )
    lost = count - intact
    ok = (
        not errors
        and len(set(numbers)) == count * 2
        and len(all_numbers) == count * 2
        and len(set(all_numbers)) == count * 2
        and set(numbers) == set(all_numbers)
        and lost == 0
    )
    value = (
        f"**{len(set(all_numbers))} distinct numbers** of {len(all_numbers)} stored "
        f"({len(tawasul_numbers)} Tawasul, {len(subscription_numbers)} subscription), "
        f"{len(errors)} errors, {lost} attachments lost, in {elapsed:.1f} s"
    )
    if errors:
        value += "; first error: " + str(errors[0].get("error") or errors[0].get("status"))
    run.report.add(
        "concurrency",
        f"{count} Tawasul (each with a PDF) + {count} subscription submissions at one moment",
        value,
        "100 distinct numbers, no errors, no lost attachments",
        ok,
    )
    run.report.notes.append(
        f"Concurrency: gunicorn {workers} gthread workers × 12 threads on PostgreSQL; "
        f"{count * 2} client threads prepare (form, draft with its PDF) and then send the final "
        "POST together behind a barrier; numbers, attachments (name, size, SHA-256 readable) are "
        "checked in the database and the storage afterwards; subscription rate limit raised for "
        "this part only (SUBSCRIPTIONS_SUBMIT_RATE), as all clients share 127.0.0.1."
    )
