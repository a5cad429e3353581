"""Locks for concurrent writers: one per parent, taken first, in one order.

Every write that changes the children of a parent (their positions, their
number, which of them exist) first takes that parent's lock, a PostgreSQL
transaction-level advisory lock released at commit or rollback:

* a collection's essays: `collection(pk)`;
* an essay's tree (its sections, points and sub-points): `essay(pk)` — one
  lock for the whole tree, so a write that touches several levels (deleting a
  section with its points) needs no second lock below it;
* an import: the document's identity, `document(sha256)` then
  `version(site, title)`, and, when it replaces a stored collection,
  `importing(collection)` for the rest of its transaction.

The order is document → version → importing → collection → essay; a
transaction takes locks only in that order (at most one of each kind, except
that deleting an essay takes its collection's and then its own). Row locks
(`select_for_update`) are not used for ordering: rows are locked by the
updates themselves, after the parent's lock, so they cannot form a cycle.

Edits never wait for an import: they take `importing` shared and without
waiting (`pg_try_advisory_xact_lock_shared`); while an import holds it the
edit is refused with `ImportInProgress` (409, retryable).

SQLite serialises writing transactions itself (BEGIN IMMEDIATE): there the
locks are no-ops.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import random
import time
from collections.abc import Callable

from django.db import OperationalError, connection, transaction
from django.db.utils import DatabaseError

logger = logging.getLogger(__name__)

# Lock keys are one bigint: the kind in the high bits, the id (or a hash) below.
KIND_BITS = 48
DOCUMENT, VERSION, IMPORTING, COLLECTION, ESSAY = 1, 2, 3, 4, 5
RETRY_AFTER = 2  # seconds a client is told to wait when an import is running


class ImportInProgress(Exception):
    """An edit of content that a running import is replacing; retry shortly."""

    code = "import_in_progress"
    status = 409
    retry_after = RETRY_AFTER

    def __init__(self, message: str = "") -> None:
        super().__init__(
            message or f"这部分内容正在被导入替换，请 {RETRY_AFTER} 秒后重试。"
        )


def key(kind: int, value: int) -> int:
    return (kind << KIND_BITS) | (value & ((1 << KIND_BITS) - 1))


def hashed(*parts: str) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big")


def advisory() -> bool:
    """Whether this database has advisory locks (PostgreSQL) and we are in one."""
    if connection.vendor != "postgresql":
        return False
    if not connection.in_atomic_block:
        raise RuntimeError("a lock for a write must be taken inside its transaction")
    return True


def wait_for(lock_key: int) -> None:
    if advisory():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key])


def document(sha256: str) -> None:
    """One import of these bytes at a time (the second then finds them stored)."""
    wait_for(key(DOCUMENT, int(sha256[:12], 16)))


def version(site: str, title: str) -> None:
    """One import of a document's versions (same site and title) at a time."""
    wait_for(key(VERSION, hashed(site, title)))


def importing(collection_id: int) -> None:
    """Held by an import that rewrites `collection_id`, until it commits."""
    wait_for(key(IMPORTING, collection_id))


def not_importing(collection_id: int) -> None:
    """Refuse at once (ImportInProgress) while an import rewrites the collection."""
    if not advisory():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock_shared(%s)",
            [key(IMPORTING, collection_id)],
        )
        (taken,) = cursor.fetchone()
    if not taken:
        raise ImportInProgress()


def collection(collection_id: int) -> None:
    """The order and number of a collection's essays (not waiting for imports)."""
    not_importing(collection_id)
    wait_for(key(COLLECTION, collection_id))


def essay(essay_id: int, collection_id: int | None = None) -> None:
    """An essay's tree: its sections, points and sub-points."""
    if collection_id is None:
        from essays.models import Essay

        collection_id = (
            Essay.objects.filter(pk=essay_id)
            .values_list("collection_id", flat=True)
            .first()
        )
    if collection_id is not None:
        not_importing(collection_id)
    wait_for(key(ESSAY, essay_id))


# --- retries -------------------------------------------------------------------

# SQLSTATEs worth a retry of the whole transaction: nothing was written.
RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected


def retryable(error: DatabaseError) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in RETRYABLE:
        return True
    # SQLite: another writer held the database past the busy timeout.
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def retried(attempts: int = 3, pause: float = 0.05) -> Callable:
    """Run a transaction again after a serialization failure or a deadlock.

    Only for the outermost transaction (a retry inside another one would
    repeat half of it); inside one the error goes up to where it can be.
    """

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            for attempt in range(1, attempts + 1):
                try:
                    return function(*args, **kwargs)
                except DatabaseError as error:
                    if (
                        attempt == attempts
                        or connection.in_atomic_block
                        or not retryable(error)
                    ):
                        raise
                    logger.warning(
                        "%s: retrying after %s (attempt %s)",
                        function.__qualname__,
                        error,
                        attempt,
                    )
                    time.sleep(pause * attempt * (1 + random.random()))
            raise AssertionError("unreachable")

        return wrapper

    return decorate


def atomic_retried(function: Callable) -> Callable:
    """`transaction.atomic`, retried as a whole when the database asks for it."""
    return retried()(transaction.atomic(function))
