"""«هل كانت هذه الصفحة مفيدة؟» on the pages where people finish something: what the widget
draws, and the one answer per page that a browser session may give.

A page shows the widget in one of two ways:
- its template includes it, naming the page: `{% with feedback_page="password_changed" %}
  {% include "ratings/partials/page_feedback.html" %}{% endwith %}`;
- the view that finished the task redirects elsewhere with a message tagged
  `extra_tags="page-feedback:<page>"` (the account activation lands on the log-in page, the
  e-mail change on the account page): the widget is drawn below that page's content while the
  message is shown (base.html), and not afterwards.

The answer given is remembered in the session (the page keys, nothing else), so the widget then
shows its thanks instead of the buttons. That differs from one browser to the next, which the
page cache does not know: drawing the widget tells it not to keep the page
(`speed.pages.page_not_kept`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from ratings.models import PageFeedback
from speed.pages import page_not_kept

SESSION_KEY = "page_feedback_given"
MESSAGE_TAG_PREFIX = "page-feedback:"


@dataclass(frozen=True)
class Widget:
    page: str
    action: str  # where the answer is sent
    next: str  # where it comes back: this page
    given: bool  # this session answered already: the thanks, no buttons
    reasons: list[tuple[str, str]]


def page_feedback_widget(request: HttpRequest, page: str) -> Widget:
    """What `ratings/partials/page_feedback.html` draws for `page` (a `PageFeedback.Page` key; a
    template naming another fails loudly)."""
    if page not in PageFeedback.Page.values:
        raise ValueError(f"{page!r} is not a PageFeedback.Page key")
    page_not_kept(request)
    return Widget(
        page=page,
        action=reverse("ratings:page_feedback", args=[page]),
        next=request.get_full_path(),
        given=feedback_given(request, page),
        reasons=PageFeedback.Reason.choices,
    )


def page_feedback_after(messages: Iterable) -> str:
    """The page a message shown now names for the widget (`page-feedback:<page>`), or ""."""
    for message in messages:
        tags = message.extra_tags or ""
        if tags.startswith(MESSAGE_TAG_PREFIX):
            return tags.removeprefix(MESSAGE_TAG_PREFIX)
    return ""


def feedback_given(request: HttpRequest, page: str) -> bool:
    return page in request.session.get(SESSION_KEY, ())


def remember_feedback(request: HttpRequest, page: str) -> None:
    given = request.session.get(SESSION_KEY, [])
    if page not in given:
        request.session[SESSION_KEY] = [*given, page]
