"""Create, change and delete essays, sections and points.

Every function names who acts and through which channel, and records the
essay's tree as it is afterwards in one history revision (positions move in
bulk, which reversion cannot hear), in the same transaction as the change.

Each takes its parent's lock first (`services/locks.py`): the collection's for
essays, the essay's for its sections and points. Nothing here waits for an
import: an edit of a collection an import is replacing is refused at once
(`locks.ImportInProgress`, 409 and retryable).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import timezone

from essays import history
from essays.categories import infer_category
from essays.importer.bounds import MAX_POINT_DEPTH
from essays.models import Collection, Essay, Point, Section
from essays.services import deleting, locks, recording
from essays.services.ordering import (
    Node,
    delete_and_close_gap,
    place,
    siblings_of,
)
from essays.services.permissions import require_publisher
from essays.services.recording import Channel


@contextmanager
def recorded(essay_id: int, *, actor, channel: Channel, comment: str) -> Iterator:
    """One revision holding the essay's whole tree after the change."""
    with recording.revision(actor=actor, channel=channel, comment=comment):
        yield
        essay = Essay.objects.filter(pk=essay_id).first()
        if essay is not None:
            history.add_tree(essay)


def insert(node: Node, position: int | None) -> Node:
    """Save a new `node` last among its siblings, or at `position`.

    The caller holds the parent's lock (the essay's), so the count is final.
    """
    siblings = list(siblings_of(node))
    if position is not None and not 1 <= position <= len(siblings) + 1:
        raise ValidationError(f"位置必须在 1 到 {len(siblings) + 1} 之间。")
    node.position = len(siblings) + 1
    # Positions are the service's to give, under the lock; the database's
    # unique constraints are the last word (IntegrityError, a 409).
    node.full_clean(validate_constraints=False)
    node.save()
    if position is not None and position <= len(siblings):
        place([*siblings[: position - 1], node, *siblings[position - 1 :]])
    return node


@locks.atomic_retried
def create_essay(collection: Collection, *, actor, channel: Channel, **fields) -> Essay:
    """A new draft essay, last in its collection."""
    locks.collection(collection.pk)
    position = (
        collection.essays.order_by("-position").first() or Essay(position=0)
    ).position
    essay = Essay(collection=collection, position=position + 1, **fields)
    if essay.status != Essay.Status.DRAFT:
        require_publisher(actor, act="直接发布新文章")
    if not essay.slug:
        essay.slug = Essay.make_slug(essay.title)
    essay.full_clean()
    comment = f"新建文章《{essay.title}》"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        essay.save()
        history.add_tree(essay)
    return essay


@locks.atomic_retried
def create_section(
    essay: Essay,
    *,
    actor,
    channel: Channel,
    position: int | None = None,
    **fields,
) -> Section:
    """A new section of `essay`; its category inferred from the title if not given."""
    locks.essay(essay.pk, essay.collection_id)
    section = Section(essay=essay, **fields)
    if "category" not in fields:
        section.category = infer_category(section.title)
    with recorded(essay.pk, actor=actor, channel=channel, comment="新增部分"):
        insert(section, position)
    return section


@locks.atomic_retried
def create_point(
    section: Section,
    *,
    actor,
    channel: Channel,
    parent: Point | None = None,
    position: int | None = None,
    **fields,
) -> Point:
    """A new point under `section`, or a sub-point under `parent`."""
    locks.essay(section.essay_id)
    if parent is not None and parent.section_id != section.pk:
        raise ValidationError("上级要点属于另一个部分。")
    if parent is not None:
        refuse_too_deep(parent)
    point = Point(essay_id=section.essay_id, section=section, parent=parent, **fields)
    comment = "新增子要点" if parent else "新增要点"
    with recorded(section.essay_id, actor=actor, channel=channel, comment=comment):
        insert(point, position)
    return point


def refuse_too_deep(parent: Point) -> None:
    """Refuse a sub-point below the sixth level (decisions.md, "Bounds")."""
    depth, parent_id = 1, parent.parent_id
    while parent_id is not None and depth < MAX_POINT_DEPTH:
        depth += 1
        parent_id = (
            Point.objects.filter(pk=parent_id).values_list("parent_id", flat=True)
        ).first()
    if depth >= MAX_POINT_DEPTH:
        raise ValidationError(
            f"要点最多 {MAX_POINT_DEPTH} 级，上级要点已在第 {MAX_POINT_DEPTH} 级，"
            "不能再往下添加；请把它加在上一级。"
        )


def essay_id_of(instance: Essay | Section | Point) -> int:
    return instance.pk if isinstance(instance, Essay) else instance.essay_id


@locks.atomic_retried
def update(
    instance: Essay | Section | Point, *, actor, channel: Channel, **fields
) -> Essay | Section | Point:
    """Change fields of an essay, section or point after validating them.

    Status is not a field to set here: publishing has its own service.
    """
    if "status" in fields or "published_at" in fields:
        raise ValidationError("发布状态请用“发布”或“撤回”操作修改。")
    lock(instance)
    # The row was read before the lock: its position may have moved since.
    instance.refresh_from_db(fields=["position"])
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    comment = f"修改{instance._meta.verbose_name}:{instance}"
    with recorded(essay_id_of(instance), actor=actor, channel=channel, comment=comment):
        instance.save()
    return instance


def lock(instance: Essay | Section | Point) -> None:
    """The parent's lock for a change of `instance` (the essay's for its tree)."""
    if isinstance(instance, Essay):
        locks.essay(instance.pk, instance.collection_id)
    else:
        locks.essay(instance.essay_id)


@locks.atomic_retried
def delete(instance: Essay | Section | Point, *, actor, channel: Channel) -> None:
    """Delete with everything below it; later siblings close the gap.

    Deleting anything of a published essay takes content off the site: a
    publisher's act (decisions.md, "Permissions"). The revision records what
    remains (the essay's tree, or the collection), so the deleted rows stay
    in history, where "recover" and revert find them. An essay goes in bulk
    (services/deleting.py), whatever its size.
    """
    if isinstance(instance, Essay):
        # Collection first, then the essay: the one order (services/locks.py).
        locks.collection(instance.collection_id)
        lock(instance)
        deleting.delete_essays([instance], actor=actor, channel=channel)
        return
    lock(instance)
    comment = f"删除{instance._meta.verbose_name}:{instance}"
    essay_id = instance.essay_id
    if Essay.objects.filter(pk=essay_id).published().exists():
        require_publisher(actor, act="删除已发布文章中的部分或要点")
    with recorded(essay_id, actor=actor, channel=channel, comment=comment):
        delete_and_close_gap(instance)
        # The essay's tree changed though no remaining row may have: its
        # Last-Modified must move on.
        Essay.objects.filter(pk=essay_id).update(updated_at=timezone.now())
