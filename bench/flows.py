"""What a browser does on the portal's forms, for the parts that submit them: log in, the Tawasul
new-request flow (form with attachments, then «تأكيد الإرسال»), the number a submission got."""

from __future__ import annotations

from pathlib import Path

from bench.client import Browser

DESCRIPTION = "لا أستطيع إصدار تأشيرة خروج وعودة للمقيم بسبب رسالة خطأ تظهر عند التأكيد."
PDF = "application/pdf"


def browser_login(port: int, login: dict[str, str]) -> str:
    """Log in through the form, as a browser does; the cookies it then holds (session, CSRF)."""
    browser = Browser(port)
    form = browser.get("/accounts/login/")
    response = browser.post(
        "/accounts/login/",
        {**login, "csrfmiddlewaretoken": browser.csrf_from(form)},
    )
    browser.close()
    if response.status != 302:
        raise RuntimeError(f"log-in refused: HTTP {response.status}")
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def tawasul_draft(browser: Browser, form_path: str, files: list[tuple[str, str, Path, str]]):
    """Steps 3–6: the new-request form, posted with its attachments; returns the POST's response
    and the CSRF token the next step sends."""
    form = browser.get(form_path)
    token = browser.csrf_from(form)
    fields = {
        "csrfmiddlewaretoken": token,
        "section": "visas",
        "service_type": "exit_reentry_visa",
        "description": DESCRIPTION,
    }
    return browser.post_multipart(form_path, fields, files), token


def tawasul_review(browser: Browser, form_path: str, files: list[tuple[str, str, Path, str]]):
    """The draft made, or an error: the review page's path and the CSRF token."""
    response, token = tawasul_draft(browser, form_path, files)
    if response.status != 302 or "/review/" not in response.location:
        raise RuntimeError(f"draft refused: HTTP {response.status} {response.location}")
    return response.location, token


def tawasul_confirm(browser: Browser, review_path: str, token: str):
    """Step 7: «تأكيد الإرسال»; returns the response (its Location names the number)."""
    return browser.post(review_path, {"csrfmiddlewaretoken": token})


def number_from(location: str) -> str:
    parts = [part for part in location.split("/") if part]
    return parts[-2] if parts and parts[-1] == "received" else (parts[-1] if parts else "")
