"""Which rows appear on whose cached pages: the one table of the page cache's dependencies.

Each entry names a model and says, for one of its rows, which users' cached pages show it. When a
save or delete of such a row commits, each of those users gets a new snapshot version
(speed.snapshots), so every page kept for them is drawn again at their next visit.
`SpeedConfig.ready()` connects the table to the models' `post_save` and `post_delete` signals; the
domain apps know nothing of it.

A model must be here as soon as a cached page shows its rows: tests/speed/test_dependencies.py
draws every cached view and fails when a page reads a model that the table leaves out, and changes
a row of every model here to check that its users' pages are drawn again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from speed.snapshots import user_snapshot_refresh


@dataclass(frozen=True)
class ShownTo:
    """Whose pages show a row of a model.

    `on_create=False` for rows that a page names in its own URL (a page drawn before the row
    existed cannot show it): only their changes and deletions redraw pages."""

    users: Callable[[Model], Iterable[int | None]]
    on_create: bool = True


def _the_user(user) -> list[int]:
    return [user.pk]


def _its_users(establishment) -> Iterable[int]:
    return establishment.users.values_list("pk", flat=True)


def _its_requester(row) -> list[int | None]:
    return [row.requester_id]


def _its_owner(row) -> list[int | None]:
    return [row.user_id]


def _requester_of_its_request(row) -> list[int | None]:
    if row.request_id is None:  # a document of a draft: no page of a sent request shows it
        return []
    # The request is usually already on the instance (the service passed it): no query.
    return [row.request.requester_id]


DEPENDENCIES: dict[str, ShownTo] = {
    # Name and language in the header of every page; the account data in every form's main data.
    "accounts.User": ShownTo(_the_user),
    # Name and unified number: the Tawasul main data, the establishment form.
    "accounts.Establishment": ShownTo(_its_users),
    # «تواصل», a request, the new-request form (an open request for the same error comes first).
    "tawasul.TawasulRequest": ShownTo(_its_requester),
    "tawasul.Reply": ShownTo(_requester_of_its_request),
    "tawasul.StatusChange": ShownTo(_requester_of_its_request),
    "tawasul.Attachment": ShownTo(_requester_of_its_request),
    # The new-request form shows the error it was opened from, named in its URL (?incident=).
    "tawasul.Incident": ShownTo(_its_owner, on_create=False),
    # The establishment form lists the user's subscription requests and their status.
    "subscriptions.SubscriptionRequest": ShownTo(_its_requester),
}

_BY_MODEL: dict[type[Model], ShownTo] = {}


def _row_changed(sender, instance, created: bool = False, **kwargs) -> None:
    shown_to = _BY_MODEL[sender]
    if created and not shown_to.on_create:
        return
    for user_id in shown_to.users(instance):
        user_snapshot_refresh(user_id=user_id)


def connect() -> None:
    for label, shown_to in DEPENDENCIES.items():
        model = apps.get_model(label)
        _BY_MODEL[model] = shown_to
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"speed.{label}.save")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"speed.{label}.delete")
