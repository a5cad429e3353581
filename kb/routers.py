"""Reads of anonymous requests from the read replica; everything else from the primary.

Installed when DATABASE_REPLICA_URL is set (kb/settings.py). Which requests
may read from the replica is decided once per request by
essays.middleware.ReplicaReads, before any middleware reads the database: an
anonymous GET or HEAD outside the admin, without a session cookie or an API
token. Everything else reads from the primary, and so does any read

- inside transaction.atomic on the primary (a service that locks, checks
  and writes must see the rows it is about to change), and
- after the request's first write (db_for_write), so a request that writes
  and then reads sees its own write, whatever the replica's lag.

A replica is a little behind the primary. Anonymous readers may see a change
a moment late; editors never do, since they are logged in. The content
version that keys the cached pages and API answers (essays/content_version.py)
is read from the same replica as the content, before it, so a cached answer
is never filed under a version newer than its data.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let reads inside the block go to the replica (one request's worth)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica() -> bool:
    """Whether a read now would go to the replica."""
    return _replica_reads.get() and not connections[PRIMARY].in_atomic_block


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS entry: see the module's docstring."""

    def db_for_read(self, model, **hints) -> str:
        return REPLICA if reads_from_replica() else PRIMARY

    def db_for_write(self, model, **hints) -> str:
        # From the first write on, this request reads its own writes.
        _replica_reads.set(False)
        return PRIMARY

    def allow_relation(self, first, second, **hints) -> bool:
        return True  # the same rows on both: a replica is a copy of the primary

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY  # a replica gets the schema by streaming
