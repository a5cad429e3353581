"""Counters of content changes, for caches that must never serve stale reads.

Three kinds of counter, all in the database so that every process sees a
change at once, whatever its cache:

- the content version (`current()`): moves on every write to essays,
  sections, points, collections or topics. The API's read cache, the topic
  pages' holders and most readers' pages are keyed by it.
- the structure version (`structure()`): moves on every write except one
  inside a single essay (a point's or section's text, an essay's title):
  what is published, tagged, created, deleted, ordered across essays.
- one counter per essay (`essay_versions()`): moves on a write inside it.

A page that shows only a few essays' content (an essay's page, a point's
page and its related points) is kept while the structure version and those
essays' counters stand (essays/pagecache.py), so the editor who fixes a typo
in one essay no longer makes the whole site render afresh.

Saves bump through model signals (the admin, services), bulk writes
explicitly (writer, ordering, restructuring): `bump()` for the structure,
`bump(essays=[id])` for a change inside those essays.

The counters move when the writing transaction commits (`on_commit`, once
per transaction, in one short transaction of their own), not inside it: an
update inside would lock the rows from the first write to the commit, and
every other writer would wait for a running import (issue 14, 4). A reader
that reads the old value and then the new content caches the new content
under a key that is stale a moment later; it can never cache old content
under the new value.
"""

import time
from collections.abc import Iterable

from django.db import connection, connections, router, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from essays.models import (
    Collection,
    ContentVersion,
    Essay,
    EssayVersion,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)

SINGLETON = 1  # the content version: every change
STRUCTURE = 2  # the structure version: every change not inside one essay
WATCHED = (Collection, Essay, Section, Point, Topic, TaggedEssay, TaggedPoint)
# An essay save that changes one of these changes other pages than its own
# (lists, related points): it counts as a change of structure.
ESSAY_STRUCTURE_FIELDS = ("status", "collection_id", "slug")


def current() -> int:
    """The content version (one primary-key query)."""
    value = ContentVersion.objects.filter(pk=SINGLETON).values_list("value", flat=True)
    return value.first() or 0


def versions() -> tuple[int, int]:
    """The content and structure versions, in one query (one snapshot)."""
    rows = dict(
        ContentVersion.objects.filter(pk__in=(SINGLETON, STRUCTURE)).values_list(
            "pk", "value"
        )
    )
    return rows.get(SINGLETON, 0), rows.get(STRUCTURE, 0)


def essay_versions(essay_ids: Iterable[int]) -> dict[int, int]:
    """Each essay's counter (0 for one never changed since counting began)."""
    ids = sorted(set(essay_ids))
    found = dict(
        EssayVersion.objects.filter(essay_id__in=ids).values_list("essay_id", "value")
    )
    return {essay_id: found.get(essay_id, 0) for essay_id in ids}


def snapshot(essay_ids: Iterable[int] = ()) -> tuple[int, int, dict[int, int]]:
    """The content and structure versions and these essays' counters, at once.

    One statement, so one snapshot of the counters, and no ORM on the path
    of every cached page (essays/pagecache.py): the readers' database, as
    the router chooses it for the counters.
    """
    ids = sorted(set(essay_ids))
    alias = router.db_for_read(ContentVersion)
    quote = connections[alias].ops.quote_name
    sql = (
        f"SELECT 0, id, value FROM {quote(ContentVersion._meta.db_table)}"
        " WHERE id IN (%s, %s)"
    )
    params = [SINGLETON, STRUCTURE]
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        sql += (
            f" UNION ALL SELECT 1, essay_id, value"
            f" FROM {quote(EssayVersion._meta.db_table)} WHERE essay_id IN ({marks})"
        )
        params += ids
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counters = {pk: value for kind, pk, value in rows if kind == 0}
    found = {pk: value for kind, pk, value in rows if kind == 1}
    return (
        counters.get(SINGLETON, 0),
        counters.get(STRUCTURE, 0),
        {essay_id: found.get(essay_id, 0) for essay_id in ids},
    )


class Pending:
    """The changes one transaction counts when it commits."""

    def __init__(self) -> None:
        self.structure = False
        self.essays: set[int] = set()

    def add(self, essays: Iterable[int] | None) -> None:
        if essays is None:
            self.structure = True
        else:
            self.essays.update(essay_id for essay_id in essays if essay_id)

    def __call__(self) -> None:
        count(structure=self.structure, essays=self.essays)


def bump(essays: Iterable[int] | None = None) -> None:
    """Count one change: of the structure, or inside `essays` (ids).

    Counted when the caller's transaction commits, or now outside one.
    """
    if not in_transaction():
        pending = Pending()
        pending.add(essays)
        pending()
        return
    pending = pending_changes()
    if pending is None:
        pending = Pending()
        transaction.on_commit(pending, robust=True)
    pending.add(essays)


def start_afresh() -> None:
    """Move both versions to now, in milliseconds, if they are below it.

    A new database counts from the start, as did the one a shared cache may
    still hold copies from (pages and answers live up to ten minutes): a
    database restored by import_kb could meet a copy stamped with the same
    low versions. Versions moved to the time of the restore match nothing
    kept before it. Called inside the restore's transaction.
    """
    fresh = time.time_ns() // 1_000_000
    ContentVersion.objects.filter(
        pk__in=(SINGLETON, STRUCTURE), value__lt=fresh
    ).update(value=fresh)
    for pk in (SINGLETON, STRUCTURE):
        ContentVersion.objects.get_or_create(pk=pk, defaults={"value": fresh})


def bump_now() -> None:
    """Count a change of structure now (tests, one-off commands)."""
    count(structure=True, essays=())


def count(*, structure: bool, essays: Iterable[int]) -> None:
    """Move the counters in one short transaction.

    The content version's row goes first: every count locks it before any
    other counter, so two counts never wait on each other in a circle.
    """
    essays = sorted(set(essays))
    # Its own transaction after the commit; no savepoint inside a test's.
    with transaction.atomic(savepoint=False):
        increment(SINGLETON, STRUCTURE) if structure else increment(SINGLETON)
        if essays and not structure:
            EssayVersion.objects.bulk_create(
                [EssayVersion(essay_id=essay_id) for essay_id in essays],
                ignore_conflicts=True,
            )
            EssayVersion.objects.filter(essay_id__in=essays).update(
                value=F("value") + 1
            )


def increment(*pks: int) -> None:
    """Add one to these counters in one UPDATE (a missing row starts at 2)."""
    rows = ContentVersion.objects.filter(pk__in=pks)
    if rows.update(value=F("value") + 1) < len(pks):
        for pk in pks:
            ContentVersion.objects.get_or_create(pk=pk, defaults={"value": 2})


def in_transaction() -> bool:
    """Inside a transaction that will commit.

    A test's wrapping transaction never commits (nor run its on_commit
    callbacks): inside one, with one connection, the counters move at once.
    """
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


def pending_changes() -> Pending | None:
    """The changes this transaction already counts at its commit, if any."""
    for _, callback, _ in connection.run_on_commit:
        if isinstance(callback, Pending):
            return callback
    return None


def pending() -> bool:
    """Whether this transaction already counts a change at its commit."""
    return pending_changes() is not None


def before_essay_save(sender, instance: Essay, **kwargs) -> None:
    """Note whether this save changes what other pages show of the essay."""
    instance._structure_changes = True
    if instance.pk is None or kwargs.get("raw"):
        return
    before = (
        Essay.objects.filter(pk=instance.pk)
        .values_list(*ESSAY_STRUCTURE_FIELDS)
        .first()
    )
    now = tuple(getattr(instance, field) for field in ESSAY_STRUCTURE_FIELDS)
    instance._structure_changes = before != now


def on_save(sender, instance, created=False, **kwargs) -> None:
    if sender in (Section, Point) and instance.essay_id:
        bump(essays=[instance.essay_id])
    elif (
        sender is Essay
        and not created
        and not getattr(instance, "_structure_changes", True)
    ):
        bump(essays=[instance.pk])
    else:
        bump()


def on_delete(sender, instance, **kwargs) -> None:
    # A section or point leaves only its essay's pages (and the pages that
    # showed it, which depend on that essay); an essay leaves lists.
    if sender in (Section, Point) and instance.essay_id:
        bump(essays=[instance.essay_id])
    else:
        bump()


def on_change(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    """Saves and deletes of content bump the counters (called from AppConfig)."""
    pre_save.connect(before_essay_save, sender=Essay, dispatch_uid="version-pre-essay")
    for model in WATCHED:
        post_save.connect(on_save, sender=model, dispatch_uid=f"version-save-{model}")
        post_delete.connect(
            on_delete, sender=model, dispatch_uid=f"version-del-{model}"
        )
    for through in (TaggedEssay, TaggedPoint):
        m2m_changed.connect(
            on_change, sender=through, dispatch_uid=f"version-m2m-{through}"
        )
