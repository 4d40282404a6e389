"""The signed link that lets a requester rate an answer without logging in.

It names the request and is signed with SECRET_KEY (own salt); it is made when the e-mail is
rendered by the worker, never stored in the outbox. It works once: the rating it leads to is
unique per request, so a second use finds the request rated.
"""

from django.core import signing

SALT = "ratings.link"
MAX_AGE = 60 * 60 * 24 * 60  # 60 days after the e-mail


def rating_token(*, request_id: int) -> str:
    return signing.dumps({"r": request_id}, salt=SALT, compress=True)


def request_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=SALT, max_age=MAX_AGE)["r"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
