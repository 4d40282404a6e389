"""Links that carry a secret (password reset, account activation, e-mail confirmation) are made
when the e-mail is rendered for sending, never stored.

An outbox row keeps only what is needed to make the link: its kind and plain parameters, in
`OutboundEmail.links`, e.g. `{"reset_url": {"kind": "accounts.password_reset", "params":
{"user_id": 7}}}`. Neither the row nor the admin page that shows it holds a token. The app that owns
a kind registers its builder once, in its AppConfig.ready(); `email_render` calls it and gives the
template the absolute URL under the link's name:

    # accounts/apps.py, ready()
    link_builder_register(PASSWORD_RESET_LINK, services.user_password_reset_path)

    # accounts/services.py
    email_queue(..., links={"reset_url": email_link(PASSWORD_RESET_LINK, user_id=user.pk)})

    # templates/emails/accounts/password_reset.txt
    {{ reset_url }}

A builder takes the parameters as keyword arguments and returns the link's path, with a token made
at that moment. It raises LinkUnavailable when the link must not be made any more (the account was
deactivated, or activated meanwhile): the e-mail is then not sent and is marked failed, with the
reason, for staff to see.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LinkBuilder = Callable[..., str]

_builders: dict[str, LinkBuilder] = {}


class LinkUnavailable(Exception):
    """The link of an e-mail can no longer be made; the e-mail must not be sent."""


def link_builder_register(kind: str, builder: LinkBuilder) -> None:
    """Make `builder` the one that turns links of `kind` into paths (once per kind)."""
    existing = _builders.get(kind)
    if existing is not None and existing is not builder:
        raise ImproperlyConfigured(f"Two builders for e-mail links of kind {kind!r}.")
    _builders[kind] = builder


def email_link(kind: str, **params: int | str) -> dict:
    """What the outbox stores for one link: its kind and plain, JSON-serialisable parameters."""
    if kind not in _builders:
        # A programming error: fail the caller now, not the worker later.
        raise ImproperlyConfigured(f"No builder is registered for e-mail links of kind {kind!r}.")
    return {"kind": kind, "params": params}


def email_links_build(links: dict[str, dict]) -> dict[str, str]:
    """Each link's absolute URL, made now (so its token is minted now), by the link's name."""
    site_url = settings.SITE_URL.rstrip("/")
    built = {}
    for name, link in links.items():
        builder = _builders.get(link.get("kind", ""))
        if builder is None:
            raise LinkUnavailable(f"no builder for e-mail links of kind {link.get('kind')!r}")
        built[name] = site_url + builder(**link.get("params", {}))
    return built
