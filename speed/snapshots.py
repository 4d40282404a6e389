"""The signed-in user, kept in the shared cache between requests, with a version of what they see.

Part of the speed layer (its contract is in speed/__init__.py).

Every logged-in page needs the user row. Read through the ORM it is the most expensive thing on a
simple page (compiling the query costs more CPU than the bare page it is for: bench/FINDINGS.md);
read from the cache it is one round trip. The cached entry is also the version of "everything this
user is shown": whenever their row or their Tawasul requests change, the entry is written again with
a new version, so whole pages rendered for that version (speed.pages) are never served after a
change. Which changes those are is the dependency table's business (speed.dependencies).

What is cached, and why it can be trusted:
- Only what every page shows or authentication needs: id, full name, language, establishment id,
  `is_active`, `is_staff` (the header's admin link, the admin's door), the session hash and the
  version. No password hash, national ID, e-mail, mobile or `is_superuser`: the user comes back with
  those fields deferred, and the first one a request reads loads all of them from the database in
  one query (permissions, groups and `is_superuser` therefore always come from the database).
- The session hash (Django's HMAC of the password hash) stands in for the password: a password
  changed elsewhere writes a new entry with a new hash, and the old sessions no longer match it.
- JSON, never pickle, signed with an HMAC keyed from SECRET_KEY (`django.core.signing`) and bound
  to the user's id and its age: an entry anyone else wrote (or an old one replayed) is ignored, the
  user is read from the database and no page of theirs is cached for that request.

Correctness rules:
- The entry is written again after the change commits, and written (not only deleted): a reader
  that missed the cache and read the old row just before the commit can only `add`, which loses to
  (or is overwritten by) the fresh entry. A deactivated user or a changed password is therefore
  seen by the very next request.
- When the cache cannot be reached the user is read from the database and pages are drawn afresh:
  slower, never wrong.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.cache import caches
from django.db import connections, router, transaction

from core.sql import rows_converted

logger = logging.getLogger(__name__)

# An upper bound on how long a missed invalidation could last (e.g. a row changed by raw SQL), and
# on how old a signed entry may be when read (a replayed old entry is refused after it).
SNAPSHOT_TIMEOUT = 10 * 60
_KEY = "speed:user-snapshot:v2:{}"
_SALT = "speed.snapshots.user"
# Model fields kept in the entry (attnames); every other field is deferred to the database.
SNAPSHOT_FIELDS = (
    "id",
    "full_name",
    "preferred_language",
    "establishment_id",
    "is_active",
    "is_staff",
)


def _cache():
    # The sessions' cache: in production read from each process's memory, dropped on change.
    return caches["auth"]


def _key(user_id: int | str) -> str:
    return _KEY.format(user_id)


def _signer() -> signing.TimestampSigner:
    # Read on every signed-in request: one signer per key rather than one per call (measured: the
    # settings look-ups of a new signer cost about as much as the HMAC itself).
    return _signer_for(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


@functools.lru_cache(maxsize=4)
def _signer_for(secret: str, fallbacks: tuple[str, ...]) -> signing.TimestampSigner:
    return signing.TimestampSigner(key=secret, fallback_keys=list(fallbacks), salt=_SALT)


@functools.cache
def _stored_attnames() -> tuple[str, ...]:
    """SNAPSHOT_FIELDS in the model's field order, as `Model.from_db()` takes them."""
    fields = get_user_model()._meta.concrete_fields
    return tuple(f.attname for f in fields if f.attname in SNAPSHOT_FIELDS)


def _load(user_id: int | str) -> AbstractBaseUser | None:
    """The whole row from the database (no version: nothing may be cached from it yet)."""
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get(pk=user_id)
    except (user_model.DoesNotExist, ValueError, TypeError):
        return None
    user._snapshot_version = None
    return user


def _entry(user: AbstractBaseUser, version: str) -> str:
    """The signed JSON kept in the cache for this row."""
    payload = {name: getattr(user, name) for name in SNAPSHOT_FIELDS}
    payload["session_hash"] = user.get_session_auth_hash()
    payload["version"] = version
    return _signer().sign(json.dumps(payload, separators=(",", ":"), ensure_ascii=False))


def _user_from_entry(entry: object, user_id: int | str) -> AbstractBaseUser | None:
    """The user an entry describes, or None when it is not an entry this portal signed for them."""
    if not isinstance(entry, str):
        return None
    try:
        payload = json.loads(_signer().unsign(entry, max_age=SNAPSHOT_TIMEOUT))
        if str(payload["id"]) != str(user_id):  # someone else's entry copied to this key
            return None
        fields = [payload[name] for name in SNAPSHOT_FIELDS]
        session_hash, version = payload["session_hash"], payload["version"]
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        return None
    user_model = get_user_model()
    by_name = dict(zip(SNAPSHOT_FIELDS, fields, strict=True))
    attnames = _stored_attnames()
    user = user_model.from_db(
        router.db_for_read(user_model), attnames, [by_name[name] for name in attnames]
    )
    user._snapshot_version = version
    _answer_from_the_snapshot(user, session_hash)
    return user


def _answer_from_the_snapshot(user: AbstractBaseUser, session_hash: str) -> None:
    """Two methods of this one instance, so that a request that reads nothing else never queries.

    Django checks the session against `get_session_auth_hash()` on every request; the password it is
    computed from is not in the entry, so the hash written with it answers, until this request
    loads or sets the password (a password change then gets the new hash). And the first deferred
    field a request reads loads every deferred field at once, not one query each.
    """
    model = type(user)

    def get_session_auth_hash() -> str:
        if "password" in user.__dict__:
            return model.get_session_auth_hash(user)
        return session_hash

    def refresh_from_db(using=None, fields=None, from_queryset=None) -> None:
        deferred = user.get_deferred_fields()
        if fields is not None and from_queryset is None and set(fields) <= deferred:
            _load_deferred(user, deferred, using)  # the first deferred field a request reads
            return
        if fields is not None:
            fields = set(fields) | deferred
        model.refresh_from_db(user, using=using, fields=fields, from_queryset=from_queryset)

    user.get_session_auth_hash = get_session_auth_hash
    user.refresh_from_db = refresh_from_db


def _load_deferred(user: AbstractBaseUser, deferred: set[str], using: str | None) -> None:
    """Every field the snapshot left out, in one written-out query.

    Django's own refresh_from_db builds a queryset for it, and building it cost more than twice
    the query (0.56 ms against 0.25 ms on the new-request form drawn fresh, bench/FINDINGS.md).
    Each value goes through the converters the ORM would apply (core.sql). A user that no longer
    exists is refused as Django refuses it.
    """
    model = type(user)
    connection = connections[using or router.db_for_read(model)]
    fields = [model._meta.get_field(name) for name in sorted(deferred)]
    quote = connection.ops.quote_name
    pk_column = quote(model._meta.pk.column)
    sql = (
        "SELECT "  # noqa: S608 (names from the model, the value as a parameter)
        + ", ".join(quote(field.column) for field in fields)
        + f" FROM {quote(model._meta.db_table)} WHERE {pk_column} = %s"
    )
    rows = rows_converted(sql, [user.pk], fields, using=connection.alias)
    if not rows:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    for field, value in zip(fields, rows[0], strict=True):
        setattr(user, field.attname, value)


def snapshot_version(user) -> str | None:
    """The version of everything `user` is shown, or None when nothing may be kept for them now
    (the cache was unreachable, or held an entry that was not ours)."""
    # Set only by this module, on the users it returns.
    return getattr(user, "_snapshot_version", None)


def user_snapshot_get(user_id: int | str) -> AbstractBaseUser | None:
    """The user with this id, with its version, from the cache or else the database."""
    key = _key(user_id)
    try:
        cached = _cache().get(key)
    except ValueError:  # not JSON: nothing this portal wrote
        cached = _NOT_OURS
    except Exception:  # the cache is down: the database still answers
        logger.warning("user snapshot: cache unreachable, reading the user from the database")
        return _load(user_id)
    if cached is not None:
        user = _user_from_entry(cached, user_id)
        if user is not None:
            return user
        # Left in place: replacing it could overwrite a fresh entry written meanwhile with the row
        # read here. It is replaced at the user's next change, or expires.
        logger.warning("user snapshot: entry for user %s not ours (forged, copied or old)", user_id)
        return _load(user_id)
    user = _load(user_id)
    if user is None:
        return None
    version = uuid.uuid4().hex
    entry = _entry(user, version)
    try:
        if _cache().add(key, entry, SNAPSHOT_TIMEOUT):
            user._snapshot_version = version
        else:
            # A fresher entry was written between our miss and now (the row changed): use it.
            fresher = _user_from_entry(_cache().get(key), user_id)
            if fresher is not None:
                user = fresher
    except Exception:
        logger.warning("user snapshot: could not keep user %s in the cache", user_id)
    return user


def _write(user_id: int | str) -> None:
    user = _load(user_id)
    try:
        if user is None:
            _cache().delete(_key(user_id))
        else:
            _cache().set(_key(user_id), _entry(user, uuid.uuid4().hex), SNAPSHOT_TIMEOUT)
    except Exception:
        logger.exception("user snapshot: could not refresh user %s", user_id)


def user_snapshot_refresh(*, user_id: int | None) -> None:
    """After the current transaction commits: the user's entry again, with a new version.

    Call it for every change to the user or to anything their pages show."""
    if user_id is None:
        return
    # Dropped at once too, so that this transaction's own later reads (the rest of this request, a
    # test) see the change; the write after the commit is what other processes rely on.
    try:
        _cache().delete(_key(user_id))
    except Exception:
        logger.exception("user snapshot: could not drop user %s", user_id)
    transaction.on_commit(lambda: _write(user_id))


_NOT_OURS = object()
