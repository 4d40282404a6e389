"""Reading a page as its visitor does: the words of one table row, the words of a link.

A word somewhere on the page proves little (the header's «طلب جديد» button holds «جديد»); the row
with the request's number, or the link that goes where it should, is what the visitor reads.
"""

import re
from html import unescape

_TAG = re.compile(r"<[^>]+>")
_ROW = re.compile(r"<tr\b.*?</tr>", re.S)
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')


def words(html: str) -> str:
    """The text of some HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def row_with(page: str, text: str) -> str:
    """The words of the one table row that contains `text`; fails unless exactly one does."""
    rows = [words(row) for row in _ROW.findall(page)]
    matching = [row for row in rows if text in row]
    assert len(matching) == 1, f"{len(matching)} table rows contain {text!r}"
    return matching[0]


def links_to(page: str, href: str) -> list[str]:
    """The words of every link on the page that goes to `href`."""
    found = []
    for attributes, body in _LINK.findall(page):
        target = _HREF.search(attributes)
        if target and unescape(target.group(1)) == href:
            found.append(words(body))
    return found
