"""Reading delivered e-mails the way their recipient does."""

import re


def link_in(text: str, path_start: str) -> str:
    """The path of the link in an e-mail's text whose path starts with `path_start`."""
    for url in re.findall(r"https?://[^\s\"<>]+", text):
        path = re.sub(r"^https?://[^/]+", "", url)
        if path.startswith(path_start):
            return path
    raise AssertionError(f"No link to {path_start} in the e-mail:\n{text}")
