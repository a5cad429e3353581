"""Delete collections and essays in bulk, whatever their size (issue 14).

The ORM's delete collects every row below a collection and sends a signal per
row (each bumping the content-version row): 163,334 points took over twenty
minutes. Here each kind of row goes in one DELETE, children first, then the
content version moves once and one history record names the actor and the
channel. Every table that refers to an essay, section or point is listed
below, as these deletes bypass Django's cascade.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from essays import content_version, history
from essays.duplicates.models import EssayFingerprint, FingerprintBand
from essays.models import (
    AuditEntry,
    Collection,
    Essay,
    ImportUpload,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
)
from essays.search import indexing
from essays.search.models import Entry
from essays.services import recording
from essays.services.ordering import close_essay_gaps
from essays.services.permissions import require_publisher_if
from essays.services.recording import Channel


@dataclass(frozen=True)
class Deleted:
    """How many rows of each kind went."""

    essays: int = 0
    sections: int = 0
    points: int = 0

    def __str__(self) -> str:
        return (
            f"{self.essays:,} 篇文章、{self.sections:,} 个部分、{self.points:,} 个要点"
        )


def raw_delete(rows: QuerySet) -> int:
    """One DELETE statement, without collecting rows or sending signals."""
    # QuerySet._raw_delete is what Django's own fast delete runs; the public
    # delete() would collect and signal per row, as signals are connected.
    return rows._raw_delete(rows.db) or 0  # None when nothing can match (pk__in=[])


def remove_essays(essays: QuerySet) -> Deleted:
    """Delete `essays` (a queryset) and every row that refers to them."""
    essay_ids = essays.values_list("pk", flat=True)
    forget_search_entries(Entry.objects.filter(essay_id__in=essay_ids))
    raw_delete(EssayFingerprint.objects.filter(essay_id__in=essay_ids))
    raw_delete(FingerprintBand.objects.filter(essay_id__in=essay_ids))
    raw_delete(TaggedPoint.objects.filter(content_object__essay_id__in=essay_ids))
    raw_delete(TaggedEssay.objects.filter(content_object_id__in=essay_ids))
    # Sub-points and their parents go in one statement: the parent key is
    # checked at commit on PostgreSQL and SQLite alike (deferred constraints).
    points = raw_delete(Point.objects.filter(essay_id__in=essay_ids))
    sections = raw_delete(Section.objects.filter(essay_id__in=essay_ids))
    count = raw_delete(Essay.objects.filter(pk__in=list(essay_ids)))
    content_version.bump()
    return Deleted(essays=count, sections=sections, points=points)


def forget_search_entries(entries: QuerySet) -> None:
    """Delete search entries; a search cluster hears of them at commit."""
    from essays.search.backends import get_search_backend

    if get_search_backend().keeps_own_index:
        gone = list(entries.values_list("pk", flat=True))
        raw_delete(entries)
        indexing.notify_backend(gone)
        return
    raw_delete(entries)


@transaction.atomic
def delete_collection(collection: Collection, *, actor, channel: Channel) -> Deleted:
    """Delete a collection with its essays, sections and points, in bulk.

    Published essays among them make it a publisher's act. Its essays go
    first, in one revision, so the change feed (`/changes`) lists them as
    deleted whichever channel deleted the collection; one audit entry records
    the collection; its earlier revisions (its import) stay in history, where
    the collection admin's "recover deleted" finds them.
    """
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    essays = Essay.objects.filter(collection_id=collection.pk)
    require_publisher_if(
        essays.published().values("pk")[:1], actor, act="删除含已发布文章的汇编"
    )
    comment = f"删除汇编《{collection.title}》及其文章"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        deleted = remove_essays(essays)
        history.add_tree(collection)  # emptied: the feed's deletions
    ImportUpload.objects.filter(collection_id=collection.pk).update(collection=None)
    raw_delete(Collection.objects.filter(pk=collection.pk))
    recording.audit(
        AuditEntry.Action.DELETE,
        actor=actor,
        channel=channel,
        target=f"汇编《{collection.title}》",
        detail=f"连同 {deleted} 一并删除。",
    )
    return deleted


@transaction.atomic
def delete_essays(essays: list[Essay], *, actor, channel: Channel) -> Deleted:
    """Delete essays of one collection in bulk; later essays close the gap.

    One revision records the collection's remaining tree, so the deleted
    essays stay in history, where "recover" and revert find them.
    """
    if not essays:
        return Deleted()
    collection_ids = {essay.collection_id for essay in essays}
    if len(collection_ids) != 1:
        raise ValueError("essays of one collection at a time")
    collection = Collection.objects.select_for_update().get(pk=collection_ids.pop())
    chosen = Essay.objects.filter(pk__in=[essay.pk for essay in essays])
    require_publisher_if(
        chosen.published().values("pk")[:1], actor, act="删除已发布的文章"
    )
    titles = "、".join(f"《{essay.title}》" for essay in essays[:3])
    more = f"等 {len(essays)} 篇" if len(essays) > 3 else ""
    comment = f"删除文章：{titles}{more}"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        deleted = remove_essays(chosen)
        close_essay_gaps(collection.pk)
        history.add_tree(collection)
    return deleted
