"""The README's screenshots of the portal, on a desktop (1280 px) and on a phone (390 px).

Run against the demo (`make run` in another terminal, which seeds the demo data):

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000]

It logs in as the demo user, fills a new «تواصل» request up to its review step (with a PDF), and
writes PNGs to docs/screenshots/: the «تواصل» list, the residents list, the review step and the
page of the request returned to the applicant, each as `<page>-desktop.png` and `<page>-phone.png`.
Tall pages are cut to their first screens so each file stays small. The browser is Debian's
Chromium (/usr/bin/chromium, or CHROMIUM_PATH); Playwright downloads nothing.
"""

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from pypdf import PdfWriter

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEMO_PASSWORD = "Muqeem-pass-2026"  # noqa: S105 - the demo log-in (accounts/demo.py)
# (name, viewport, height kept at most)
DEVICES = [
    ("desktop", {"width": 1280, "height": 800}, 1000),
    ("phone", {"width": 390, "height": 844}, 1500),
]
DOCUMENT_NAME = "جواز-السفر-الجديد.pdf"
DESCRIPTION = "جُدد جواز سفر المقيم لدى سفارته ولم تتحدث بياناته في النظام، فرُفضت التأشيرة."


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("input[name='password']"))
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        form.locator("[type='submit']").click()


def review_step(page: Page, document: Path) -> str:
    """A new request filled in and sent to its review step; the review page's address."""
    page.goto("/tawasul/new/")
    form = page.locator("main form")
    form.locator("select[name='section']").select_option("visas")
    form.locator("select[name='service_type']").select_option("exit_reentry_visa")
    form.locator("textarea[name='description']").fill(DESCRIPTION)
    form.locator("input[type='file']").set_input_files([str(document)])
    with page.expect_navigation():
        form.locator("[type='submit']").click()
    if "/review/" not in page.url:
        sys.exit(f"the new request did not reach its review step ({page.url})")
    return page.url


def returned_request(page: Page) -> str:
    """The path of the demo request that waits for the applicant's answer (its red badge)."""
    page.goto("/tawasul/")
    row = page.locator("main tbody tr").filter(has=page.locator(".text-bg-danger")).first
    return row.locator("a").get_attribute("href")


def shoot(page: Page, path: str, file: Path, keep: int) -> None:
    page.goto(path)
    page.evaluate("document.fonts.ready.then(() => true)")
    height = min(page.evaluate("document.documentElement.scrollHeight"), keep)
    width = page.viewport_size["width"]
    page.screenshot(
        path=str(file), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height}
    )
    print(f"{file.relative_to(OUT.parent.parent)}: {file.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="demo")
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        document = Path(folder) / DOCUMENT_NAME
        document.write_bytes(blank_pdf())
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            base_url=arguments.base_url, locale="ar", viewport=DEVICES[0][1]
        )
        page = context.new_page()
        log_in(page, arguments.username)
        pages = {
            "tawasul-list": "/tawasul/",
            "residents": "/eservices/",
            "review": review_step(page, document),
            "request": returned_request(page),
        }
        for device, viewport, keep in DEVICES:
            page.set_viewport_size(viewport)
            for name, path in pages.items():
                shoot(page, path, OUT / f"{name}-{device}.png", keep)
        browser.close()


if __name__ == "__main__":
    main()
