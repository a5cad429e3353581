"""A counter of content changes, for caches that must never serve stale reads.

Every write to essays, sections, points, collections or topics bumps the
counter: saves through model signals (the admin, services), bulk writes
explicitly (writer, ordering). A cached read is keyed by the counter, so once a
write commits no process serves the old answer.

The counter moves when the writing transaction commits (`on_commit`, once per
transaction, in its own short UPDATE), not inside it: an update inside would
lock the one row from the first write to the commit, and every other writer
would wait for a running import (issue 14, 4). A reader that reads the old
value and then the new content caches the new content under a key that is
stale a moment later; it can never cache old content under the new value.
"""

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from essays.models import (
    Collection,
    ContentVersion,
    Essay,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)

SINGLETON = 1
WATCHED = (Collection, Essay, Section, Point, Topic, TaggedEssay, TaggedPoint)


def current() -> int:
    """The counter's value (one primary-key query)."""
    value = ContentVersion.objects.filter(pk=SINGLETON).values_list("value", flat=True)
    return value.first() or 0


def bump() -> None:
    """Count one change: when the caller's transaction commits (or now)."""
    if not in_transaction():
        bump_now()
    elif not pending():
        transaction.on_commit(bump_now, robust=True)


def bump_now() -> None:
    """Move the counter in one UPDATE (autocommit: the row is locked briefly)."""
    if not ContentVersion.objects.filter(pk=SINGLETON).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=SINGLETON, defaults={"value": 2})


def in_transaction() -> bool:
    """Inside a transaction that will commit.

    A test's wrapping transaction never commits (nor run its on_commit
    callbacks): inside one, with one connection, the counter moves at once.
    """
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


def pending() -> bool:
    """Whether this transaction already counts a change at its commit."""
    return any(callback is bump_now for _, callback, _ in connection.run_on_commit)


def on_change(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    """Saves and deletes of content bump the counter (called from AppConfig)."""
    for model in WATCHED:
        post_save.connect(on_change, sender=model, dispatch_uid=f"version-save-{model}")
        post_delete.connect(
            on_change, sender=model, dispatch_uid=f"version-del-{model}"
        )
    for through in (TaggedEssay, TaggedPoint):
        m2m_changed.connect(
            on_change, sender=through, dispatch_uid=f"version-m2m-{through}"
        )
