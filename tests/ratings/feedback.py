"""Reading and answering «هل كانت هذه الصفحة مفيدة؟» on a page, as its visitor does."""

import re
from html import unescape

from tests.pages import words

_WIDGET = re.compile(r'<section class="page-feedback\b.*?</section>', re.S)
_FORM = re.compile(r'<form method="post" action="([^"]+)">', re.S)
_FIELD = re.compile(r'name="(csrfmiddlewaretoken|next)" value="([^"]*)"')


def widget_of(page: str) -> str:
    """The words of the page's feedback widget; "" when the page has none."""
    found = _WIDGET.findall(page)
    assert len(found) <= 1, "two feedback widgets on one page"
    return words(found[0]) if found else ""


def widget_form(page: str) -> dict[str, str]:
    """The widget's form: where it posts, and its hidden fields (CSRF token, the way back)."""
    widget = _WIDGET.search(page).group(0)
    fields = {name: unescape(value) for name, value in _FIELD.findall(widget)}
    return {"action": unescape(_FORM.search(widget).group(1)), **fields}


def answer(client, page: str, answer: str, reason: str = "", **extra):
    """Press «نعم» or «لا» (with a reason ticked, if any) on `page`, as drawn for `client`."""
    form = widget_form(page)
    data = {
        "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
        "next": form["next"],
        "answer": answer,
        **({"reason": reason} if reason else {}),
        **extra,
    }
    return client.post(form["action"], data)


ASKED = "هل كانت هذه الصفحة مفيدة؟ نعم لا"
THANKED = "أخبرتنا برأيك في فائدة هذه الصفحة. شكرًا لك."
THANKS_MESSAGE = "شكرًا لملاحظتك."
