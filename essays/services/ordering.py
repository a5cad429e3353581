"""Order within a parent: move, reorder, close gaps, relabel.

Positions are unique per parent and SQLite cannot defer that check, so every
change moves the siblings out of the way first and then to their places.

Concurrent writers: every entry point takes the parent's lock first
(`services/locks.py`: the essay's for sections and points, the collection's
for essays), then reads the siblings; the rows themselves are not locked
with `select_for_update`, so writers queue on one lock and cannot deadlock.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from essays import content_version, history
from essays.models import Essay, Point, Section
from essays.search import indexing as search_index
from essays.services import locks, recording
from essays.services.labels import relabel
from essays.services.recording import Channel

# Positions are parked this far out for the middle of a two-step move. The
# one parking constant: the writer and reverts park rows through park().
PARKING = 1_000_000

Node = Section | Point


def siblings_of(node: Node) -> models.QuerySet:
    """The node's siblings, itself included, in order."""
    if isinstance(node, Section):
        return Section.objects.filter(essay_id=node.essay_id).order_by("position")
    if node.parent_id:
        return Point.objects.filter(parent_id=node.parent_id).order_by("position")
    return Point.objects.filter(section_id=node.section_id, parent=None).order_by(
        "position"
    )


def place(siblings: list[Node], *, renumber: bool = False) -> list[Node]:
    """Give `siblings` positions 1…n in list order (and labels, if asked)."""
    if not siblings:
        return siblings
    model = type(siblings[0])
    for index, node in enumerate(siblings, 1):
        node.position = PARKING + index
    model.objects.bulk_update(siblings, ["position"])
    fields = ["position", "updated_at"]
    now = timezone.now()  # bulk_update skips auto_now: set it here
    for index, node in enumerate(siblings, 1):
        node.position = index
        node.updated_at = now
        if renumber and node.number is not None:
            node.number = index
            node.label = relabel(node.label, index)
    if renumber:
        fields += ["number", "label"]
    model.objects.bulk_update(siblings, fields)
    # Bulk writes send no signals. Sections and points move inside their
    # essay; essays move in their collection's lists.
    content_version.bump(None if model is Essay else [siblings[0].essay_id])
    search_index.index_nodes(siblings)  # so does the search index
    return siblings


def park(rows: models.QuerySet) -> int:
    """Move `rows` out of the way of positions 1…n (a first step; settle after)."""
    return rows.update(position=models.F("position") + PARKING)


def settle(rows: list[Node]) -> list[Node]:
    """Positions 1…n again for one list of siblings, some of them parked.

    A parked row keeps its place; an unparked row given the same position
    (a restored one) comes after it.
    """

    def key(row: Node) -> tuple[int, int]:
        if row.position > PARKING:
            return (row.position - PARKING, 0)
        return (row.position, 1)

    return place(sorted(rows, key=key))


def placed_in_revision(
    siblings: list[Node], *, actor, channel: Channel, comment: str, renumber: bool
) -> list[Node]:
    """`place()` recorded as one revision holding the essay's tree afterwards."""
    with recording.revision(actor=actor, channel=channel, comment=comment):
        placed = place(siblings, renumber=renumber)
        essay = Essay.objects.filter(pk=siblings[0].essay_id).first()
        if essay is not None:
            history.add_tree(essay)  # bulk updates: reversion heard nothing
    return placed


def lock_parent(node: Node) -> None:
    """The lock of the node's parent (its essay's tree), taken first."""
    locks.essay(node.essay_id)


@locks.atomic_retried
def move(
    node: Node,
    *,
    position: int,
    actor,
    channel: Channel,
    renumber: bool = False,
    comment: str = "",
) -> list[Node]:
    """Move `node` to `position` among its siblings; returns them in order."""
    lock_parent(node)
    siblings = list(siblings_of(node))
    if not any(sibling.pk == node.pk for sibling in siblings):
        raise ValidationError("这个条目已被删除或移走，请刷新后重试。")
    if not 1 <= position <= len(siblings):
        raise ValidationError(f"位置必须在 1 到 {len(siblings)} 之间。")
    ordered = [sibling for sibling in siblings if sibling.pk != node.pk]
    ordered.insert(position - 1, next(s for s in siblings if s.pk == node.pk))
    return placed_in_revision(
        ordered,
        actor=actor,
        channel=channel,
        comment=comment or f"移动：{node}",
        renumber=renumber,
    )


@locks.atomic_retried
def reorder(
    node: Node, *, ids: list[int], actor, channel: Channel, renumber: bool = False
) -> list[Node]:
    """Put `node` and its siblings in the order of `ids` (all of them, once each)."""
    lock_parent(node)
    siblings = {sibling.pk: sibling for sibling in siblings_of(node)}
    if sorted(ids) != sorted(siblings):
        raise ValidationError(
            f"ids 必须把这 {len(siblings)} 个同级条目各列一次：{sorted(siblings)}"
        )
    return placed_in_revision(
        [siblings[pk] for pk in ids],
        actor=actor,
        channel=channel,
        comment="调整顺序" + ("，并按顺序重新编号" if renumber else ""),
        renumber=renumber,
    )


@transaction.atomic
def delete_and_close_gap(node: Node) -> list[Node]:
    """Delete `node` (and all below it); later siblings move up to close the gap."""
    lock_parent(node)
    siblings = siblings_of(node).exclude(pk=node.pk)
    node.delete()
    return place(list(siblings))


def close_essay_gaps(collection_id: int) -> int:
    """Positions 1…n again for a collection's essays (after some were deleted).

    The caller holds the collection's lock. Returns how many essays moved.
    """
    essays = list(
        Essay.objects.filter(collection_id=collection_id).order_by("position")
    )
    moved = [essay for index, essay in enumerate(essays, 1) if essay.position != index]
    if not moved:
        return 0
    park(Essay.objects.filter(pk__in=[essay.pk for essay in moved]))
    now = timezone.now()  # bulk_update skips auto_now: set it here
    for index, essay in enumerate(essays, 1):
        essay.position, essay.updated_at = index, now
    Essay.objects.bulk_update(moved, ["position", "updated_at"])
    content_version.bump()  # bulk writes send no signals
    return len(moved)
