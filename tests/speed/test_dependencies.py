"""The dependency table is complete: every model a cached page reads is in it, and a change to a row
of any model in it draws again the pages of the users that row is shown to."""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Establishment, User
from speed.dependencies import DEPENDENCIES
from speed.snapshots import snapshot_version, user_snapshot_get
from tests.factories import establishment_with_primary_user
from tests.subscriptions.factories import EstablishmentRequestFactory
from tests.tawasul.factories import (
    AttachmentFactory,
    IncidentFactory,
    ReplyFactory,
    StatusChangeFactory,
    TawasulRequestFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")
CREATE = reverse("tawasul:request_create")
# Read on every request to find who is asking, never shown by a page.
NOT_SHOWN = {"django_session"}


@dataclass
class World:
    """One establishment user with something of every kind a cached page can show."""

    user: User
    establishment: Establishment
    rows: dict[str, object]  # one row per model of the dependency table, shown to `user`

    def pages(self) -> dict[str, list[tuple[str, bool]]]:
        """view name → (URL, signed in?) for every cached view, in each state it can be drawn in."""
        incident = self.rows["tawasul.Incident"]
        number = self.rows["tawasul.TawasulRequest"].number
        return {
            "accounts:login": [(reverse("accounts:login"), False)],
            "subscriptions:individual": [
                (reverse("subscriptions:individual"), False),
                (reverse("subscriptions:individual"), True),
            ],
            "subscriptions:establishment": [(reverse("subscriptions:establishment"), True)],
            "tawasul:request_list": [(reverse("tawasul:request_list"), True)],
            "tawasul:request_create": [
                (CREATE, True),
                (f"{CREATE}?incident={incident.reference}", True),  # the open request first
                (f"{CREATE}?incident={incident.reference}&new=1", True),  # the form
            ],
            "tawasul:request_detail": [(reverse("tawasul:request_detail", args=[number]), True)],
        }


@pytest.fixture
def world() -> World:
    establishment = establishment_with_primary_user(full_name="سارة أحمد القحطاني")
    user = establishment.primary_user
    incident = IncidentFactory(user=user)
    tawasul_request = TawasulRequestFactory(
        requester=user, error_code=incident.code, service=incident.service
    )
    reply = ReplyFactory(request=tawasul_request)
    rows = {
        "accounts.User": user,
        "accounts.Establishment": establishment,
        "tawasul.Incident": incident,
        "tawasul.TawasulRequest": tawasul_request,
        "tawasul.Reply": reply,
        "tawasul.StatusChange": StatusChangeFactory(request=tawasul_request),
        "tawasul.Attachment": AttachmentFactory(request=tawasul_request, reply=reply),
        "subscriptions.SubscriptionRequest": EstablishmentRequestFactory(requester=user),
    }
    return World(user=user, establishment=establishment, rows=rows)


def cached_views() -> set[str]:
    """The name of every URL whose view keeps its page (speed.pages.cached_page)."""
    found = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "view_class", None)
                view = getattr(view_class, "get", pattern.callback)
                if getattr(view, "keeps_its_page", False):
                    found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return found


def models_read_drawing(client: Client, url: str) -> set[str]:
    """The models whose tables are read while the page at `url` is drawn (not from memory)."""
    client.get(HOME)  # who is asking is known (the user's snapshot is in the cache)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response.templates, f"{url} was not drawn"
    tables = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    by_table = {model._meta.db_table: model._meta.label for model in apps.get_models()}
    return {by_table[table] for table in tables - NOT_SHOWN}


def test_the_walk_finds_the_cached_views():
    assert {"accounts:login", "tawasul:request_list", "tawasul:request_detail"} <= cached_views()


def test_every_model_a_cached_page_reads_is_in_the_dependency_table(world):
    pages = world.pages()
    assert cached_views() - pages.keys() == set(), "a cached view this test does not draw yet"
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(world.user)
    for view_name, visits in pages.items():
        for url, as_user in visits:
            read = models_read_drawing(signed_in if as_user else anonymous, url)
            if as_user:
                assert read - DEPENDENCIES.keys() == set(), f"{view_name} ({url}) reads them"
            else:
                # An anonymous page is kept for everyone: no row may change it.
                assert read == set(), f"{view_name} ({url}) drawn for anyone reads them"


@pytest.mark.parametrize("label", sorted(DEPENDENCIES))
def test_a_change_to_a_row_of_the_table_draws_its_users_pages_again(
    world, label, django_capture_on_commit_callbacks
):
    before = snapshot_version(user_snapshot_get(world.user.pk))
    assert before
    with django_capture_on_commit_callbacks(execute=True):
        world.rows[label].save()
    assert snapshot_version(user_snapshot_get(world.user.pk)) not in (None, before)


def test_renaming_my_establishment_shows_on_the_new_request_form_kept_in_memory(
    client, world, django_capture_on_commit_callbacks
):
    url = f"{CREATE}?incident={world.rows['tawasul.Incident'].reference}&new=1"
    client.force_login(world.user)
    assert world.establishment.name in client.get(url).content.decode()
    assert client.get(url).templates == []  # now served from memory
    with django_capture_on_commit_callbacks(execute=True):
        world.establishment.name = "مؤسسة الأفق للتجارة"
        world.establishment.save()
    page = client.get(url).content.decode()
    assert "مؤسسة الأفق للتجارة" in page
