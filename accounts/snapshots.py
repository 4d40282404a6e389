"""The signed-in user, kept in the shared cache between requests, with a version of what they see.

Every logged-in page needs the user row. Read through the ORM it is the most expensive thing on a
simple page (compiling the query costs more CPU than the bare page it is for: bench/FINDINGS.md);
read from the cache it is one round trip. The cached entry is also the version of "everything this
user is shown": whenever their row or their Tawasul requests change, the entry is written again with
a new `cache_version`, so whole pages rendered for that version (`muqeem.pagecache`) are never
served after a change.

Correctness rules:
- The entry is written again after the change commits, and written (not only deleted): a reader
  that missed the cache and read the old row just before the commit can only `add`, which loses to
  (or is overwritten by) the fresh entry. A deactivated user or a changed password is therefore
  seen by the very next request.
- The user instance is cached as it comes from the database, before any permission check, so no
  permission cache travels with it; permissions are read per request as Django always does.
- When the cache cannot be reached the user is read from the database and pages are drawn afresh:
  slower, never wrong.
"""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)

# An upper bound on how long a missed invalidation could last (e.g. a row changed by raw SQL).
SNAPSHOT_TIMEOUT = 10 * 60
_KEY = "accounts:user-snapshot:v1:{}"


def _cache():
    # The sessions' cache: in production read from each process's memory, dropped on change.
    return caches["auth"]


def _key(user_id: int | str) -> str:
    return _KEY.format(user_id)


def _load(user_id: int | str) -> AbstractBaseUser | None:
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get(pk=user_id)
    except (user_model.DoesNotExist, ValueError, TypeError):
        return None
    user.cache_version = uuid.uuid4().hex
    return user


def user_snapshot_get(user_id: int | str) -> AbstractBaseUser | None:
    """The user with this id, with its `cache_version`, from the cache or else the database."""
    try:
        cached = _cache().get(_key(user_id))
    except Exception:  # the cache is down: the database still answers
        logger.warning("user snapshot: cache unreachable, reading the user from the database")
        user = _load(user_id)
        if user is not None:
            user.cache_version = None  # nothing may be served from a page cache now
        return user
    if cached is not None:
        return cached
    user = _load(user_id)
    if user is None:
        return None
    try:
        if not _cache().add(_key(user_id), user, SNAPSHOT_TIMEOUT):
            # A fresher entry was written between our miss and now (the row changed): use it.
            fresher = _cache().get(_key(user_id))
            if fresher is None:
                user.cache_version = None
            else:
                user = fresher
    except Exception:
        user.cache_version = None
    return user


def _write(user_id: int | str) -> None:
    user = _load(user_id)
    try:
        if user is None:
            _cache().delete(_key(user_id))
        else:
            _cache().set(_key(user_id), user, SNAPSHOT_TIMEOUT)
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
