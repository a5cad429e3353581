"""Revert one object's own tree to a history version (and recover deleted ones).

A revert restores one object's own tree as it was in a revision (a point and
its topics, a section and its points, an essay and its tree, a collection and
everything in it), not the whole revision: an import's revision holds every
essay of its collection. Rows of the tree added since are deleted, rows
deleted since come back with their ids, positions are made unique again, and
the result is a new revision naming the actor and channel. Reverting
published content (to any version) is a publisher's act.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, connection, models, transaction
from django.utils.timezone import localtime
from reversion.errors import RevertError
from reversion.models import Revision, Version

from essays import history
from essays.models import (
    Collection,
    Essay,
    ImportUpload,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)
from essays.services import ordering, recording
from essays.services.permissions import PublishPermissionRequired, require_publisher
from essays.services.recording import Channel

# --- what belongs to an object in a revision --------------------------------


def belongs(version: Version, root: Version) -> bool:
    """Whether `version` is part of `root`'s own tree (both in one revision)."""
    model, fields = version._model, version.field_dict
    root_model, root_id = root._model, int(root.object_id)
    if model is root_model and int(version.object_id) == root_id:
        return True
    if root_model is Collection:
        return True
    if root_model is Essay:
        if model in (Section, Point):
            return fields["essay_id"] == root_id
        return model is TaggedEssay and fields["content_object_id"] == root_id
    if root_model is Section:
        return model is Point and fields["section_id"] == root_id
    return model is TaggedPoint and fields["content_object_id"] == root_id


def scoped_versions(root: Version) -> list[Version]:
    """The versions of `root`'s revision that make up `root`'s own tree.

    Topics come along when a row of the tree is tagged with them, so that a
    topic deleted since can be brought back.
    """
    versions = list(root.revision.version_set.select_related("content_type"))
    scoped = [version for version in versions if belongs(version, root)]
    point_ids = {int(v.object_id) for v in scoped if v._model is Point}
    scoped += [
        version
        for version in versions
        if version._model is TaggedPoint
        and version.field_dict["content_object_id"] in point_ids
        and version not in scoped
    ]
    tag_ids = {
        v.field_dict["tag_id"] for v in scoped if v._model in (TaggedEssay, TaggedPoint)
    }
    scoped += [
        version
        for version in versions
        if version._model is Topic
        and int(version.object_id) in tag_ids
        and version not in scoped
    ]
    return scoped


def current_tree(root: Version) -> list[models.Model]:
    """The rows that make up `root`'s tree now (the root itself excluded)."""
    root_id = int(root.object_id)
    model = root._model
    if model is Collection:
        essays = Essay.objects.filter(collection_id=root_id)
        points = Point.objects.filter(essay__collection_id=root_id)
        return [
            *essays,
            *Section.objects.filter(essay__collection_id=root_id),
            *points,
            *TaggedEssay.objects.filter(content_object__in=essays),
            *TaggedPoint.objects.filter(content_object__in=points),
        ]
    if model is Essay:
        points = Point.objects.filter(essay_id=root_id)
        return [
            *Section.objects.filter(essay_id=root_id),
            *points,
            *TaggedEssay.objects.filter(content_object_id=root_id),
            *TaggedPoint.objects.filter(content_object__in=points),
        ]
    if model is Section:
        points = Point.objects.filter(section_id=root_id)
        return [*points, *TaggedPoint.objects.filter(content_object__in=points)]
    if model is Point:
        return list(TaggedPoint.objects.filter(content_object_id=root_id))
    return []


# --- who may revert -------------------------------------------------------------


def essays_now(root: Version) -> models.QuerySet:
    """The essays a revert of `root` changes, as they are now."""
    root_id = int(root.object_id)
    lookup = {
        Collection: "collection_id",
        Essay: "pk",
        Section: "sections",
        Point: "points",
    }.get(root._model)
    if lookup is None:
        return Essay.objects.none()
    return Essay.objects.filter(**{lookup: root_id})


def touches_published(root: Version, versions: Iterable[Version]) -> bool:
    """Whether reverting changes published essays or publishes them again."""
    published = Essay.Status.PUBLISHED.value
    then = any(
        version._model is Essay and version.field_dict.get("status") == published
        for version in versions
    )
    return then or essays_now(root).published().exists()


# --- reverting ----------------------------------------------------------------


def sibling_groups(nodes: Iterable[models.Model]) -> set[tuple]:
    """The (model, parent) groups whose positions a revert may touch."""
    groups = set()
    for node in nodes:
        if isinstance(node, Essay):
            groups.add((Essay, ("collection_id", node.collection_id)))
        elif isinstance(node, Section):
            groups.add((Section, ("essay_id", node.essay_id)))
        elif isinstance(node, Point) and node.parent_id:
            groups.add((Point, ("parent_id", node.parent_id)))
        elif isinstance(node, Point):
            groups.add((Point, ("section_id", node.section_id), ("parent", None)))
    return groups


def group_rows(group: tuple) -> models.QuerySet:
    model, *conditions = group
    return model.objects.filter(**dict(conditions))


@transaction.atomic
def revert(root: Version, *, actor, channel: Channel) -> Revision | None:
    """Restore `root`'s object and its own tree as they were in `root`'s revision.

    Refused (PublishPermissionRequired, nothing changed) for an actor without
    the publish permission when the tree holds a published essay now or did
    in the version: the revert would change, withdraw or republish it.
    """
    versions = scoped_versions(root)
    if touches_published(root, versions):
        require_publisher(actor, act="恢复涉及已发布文章的历史版本")
    wanted = {(v._model, int(v.object_id)) for v in versions}
    current = current_tree(root)
    for row in current:
        gone = (type(row), row.pk) not in wanted
        if gone and type(row).objects.filter(pk=row.pk).exists():  # not cascaded
            row.delete()
    restored_data = [v._object_version.object for v in versions]
    groups = sibling_groups([*current, *restored_data])
    root_row = root._model.objects.filter(pk=root.object_id).first()
    if root_row is not None:
        groups |= sibling_groups([root_row])
    for group in groups:
        ordering.park(group_rows(group))
    for version in sorted(versions, key=restore_order):
        exists = Topic.objects.filter(pk=version.object_id).exists
        if version._model is Topic and exists():
            continue  # a topic renamed since keeps its name
        version.revert()
    for group in groups:
        ordering.settle(list(group_rows(group)))
    moment = localtime(root.revision.date_created)
    comment = f"恢复到 {moment:%Y年%-m月%-d日 %H:%M} 的版本：{root.object_repr}"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        obj = root._model.objects.get(pk=root.object_id)
        history.add_tree(obj)
    return history.latest_revision(obj)


def restore_order(version: Version) -> tuple[int, int]:
    """Parents before children: topics, collection, essays, sections, points."""
    order = [Topic, Collection, Essay, Section, Point, TaggedEssay, TaggedPoint]
    depth = 0
    if version._model is Point:
        depth = 0 if version.field_dict["parent_id"] is None else 1
    return (order.index(version._model), depth)


# --- recovering an undone import, later work included (issue 15) ---------------
#
# Recovering a deleted collection used to restore its tree as it was in its
# last collection revision (usually the import) and so dropped every later
# edit made on an essay's, a section's or a point's own page: fixes,
# reordering, topics, publishing. Recovery now restores that revision, then
# re-applies each later revision of the tree in order, each in a savepoint;
# one that cannot be re-applied (it needs the publish permission, names rows
# gone for good, or no longer fits the models) is rolled back and reported, so
# the editor sees what would be lost before anything is stored.

TREE_MODELS = (Collection, Essay, Section, Point)


class LossesNotAccepted(Exception):
    """A recovery would drop later revisions and the editor has not agreed."""


@dataclass
class Step:
    """A later revision of the recovered tree, re-applied or lost (with why)."""

    revision: Revision
    roots: list[Version]
    lost: str = ""

    @property
    def what(self) -> str:
        return "、".join(root.object_repr for root in self.roots[:3]) + (
            f" 等 {len(self.roots)} 项" if len(self.roots) > 3 else ""
        )


@dataclass
class Recovery:
    """What recovering a deleted collection brings back and what it cannot."""

    base: Version
    steps: list[Step] = field(default_factory=list)

    @property
    def lost(self) -> list[Step]:
        return [step for step in self.steps if step.lost]

    @property
    def applied(self) -> list[Step]:
        return [step for step in self.steps if not step.lost]


def recovery_base(deleted: Version) -> Version:
    """The last version of a deleted collection that still held its essays.

    Deleting a collection in bulk records it emptied (services/deleting.py);
    recovering that version alone would bring back an empty collection.
    """
    versions = Version.objects.get_for_object_reference(
        Collection, deleted.object_id
    ).filter(revision__date_created__lte=deleted.revision.date_created)
    essay_type = ContentType.objects.get_for_model(Essay)
    for version in versions.select_related("revision"):
        if version.revision.version_set.filter(content_type=essay_type).exists():
            return version
    return deleted


def later_steps(base: Version, until: Version) -> list[Step]:
    """The revisions after `base` that changed its collection's tree, oldest first.

    A revision at or after `until` (the collection emptied by its deletion,
    when that is not `base`) is the deletion itself, not later work.
    """
    collection_id = int(base.object_id)
    essay_ids = {int(v.object_id) for v in scoped_versions(base) if v._model is Essay}
    types = [ContentType.objects.get_for_model(model) for model in TREE_MODELS]
    later = Version.objects.filter(
        revision_id__gt=base.revision_id, content_type__in=types
    )
    if until != base:
        later = later.filter(revision_id__lt=until.revision_id)
    later = later.select_related("revision__user", "content_type").order_by(
        "revision_id", "pk"
    )
    steps: dict[int, list[Version]] = {}
    revisions: dict[int, Revision] = {}
    for version in later:
        try:
            fields = version.field_dict
        except RevertError:  # a version the models no longer read: not placeable
            continue
        model = version._model
        if model is Collection:
            inside = int(version.object_id) == collection_id
        elif model is Essay:
            inside = fields["collection_id"] == collection_id
            if inside:
                essay_ids.add(int(version.object_id))
        else:
            inside = fields["essay_id"] in essay_ids
        if inside:
            steps.setdefault(version.revision_id, []).append(version)
            revisions[version.revision_id] = version.revision
    return [
        Step(revisions[revision_id], roots_of(versions))
        for revision_id, versions in steps.items()
    ]


def roots_of(versions: list[Version]) -> list[Version]:
    """The versions of one revision that no other of them holds in its tree."""
    return [
        version
        for version in versions
        if not any(
            other is not version
            and other._model is not Point  # a point's tree holds only its topics
            and belongs(version, other)
            for other in versions
        )
    ]


def replay(deleted: Version, *, actor, channel: Channel) -> Recovery:
    """Restore the deleted collection, then its later revisions, each if it can."""
    base = recovery_base(deleted)
    recovery = Recovery(base, later_steps(base, deleted))
    revert(base, actor=actor, channel=channel)
    for step in recovery.steps:
        try:
            with transaction.atomic():
                for root in step.roots:
                    revert(root, actor=actor, channel=channel)
                # Foreign keys are checked at commit; check them here so one
                # step's broken row is this step's loss, not the whole commit's.
                connection.check_constraints(table_names=tree_tables())
        except PublishPermissionRequired:
            step.lost = "需要发布权限（其中有已发布的文章）"
        except (RevertError, IntegrityError, ObjectDoesNotExist, ValueError) as error:
            step.lost = f"无法重新应用：{error}"
    return recovery


def tree_tables() -> list[str]:
    return [model._meta.db_table for model in (*TREE_MODELS, TaggedEssay, TaggedPoint)]


def recovery_plan(deleted: Version, *, actor, channel: Channel) -> Recovery:
    """What `recover()` would do now: the whole replay, rolled back."""
    with transaction.atomic(), reversion.create_revision(atomic=False):
        recovery = replay(deleted, actor=actor, channel=channel)
        transaction.set_rollback(True)  # reversion then saves nothing either
    return recovery


@transaction.atomic
def recover(
    deleted: Version, *, actor, channel: Channel, accept_losses: bool = False
) -> Recovery:
    """Bring back a deleted collection with the work done on it after its import.

    One revision records the result. When a later revision cannot be
    re-applied, nothing is stored unless `accept_losses` (the editor has seen
    the plan): LossesNotAccepted carries the recovery that was refused.
    """
    if Collection.objects.filter(pk=deleted.object_id).exists():
        raise AlreadyRecovered(f"汇编《{deleted.object_repr}》已经恢复，不必再恢复。")
    moment = localtime(deleted.revision.date_created)
    comment = f"恢复已删除的汇编：{deleted.object_repr}"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        try:
            recovery = replay(deleted, actor=actor, channel=channel)
        except IntegrityError as error:  # recovered meanwhile, by another editor
            raise AlreadyRecovered(
                f"汇编《{deleted.object_repr}》刚被别人恢复，请刷新页面。"
            ) from error
        if recovery.lost and not accept_losses:
            raise LossesNotAccepted(recovery)
        applied = len(recovery.applied)
        reversion.set_comment(
            f"{comment}（删除前最后的版本：{moment:%Y年%-m月%-d日 %H:%M}；"
            f"重新应用其后的 {applied} 次修改"
            + (f"，放弃 {len(recovery.lost)} 次" if recovery.lost else "")
            + "）"
        )
        history.add_tree(Collection.objects.get(pk=deleted.object_id))
    reopen_import(int(deleted.object_id))
    return recovery


def reopen_import(collection_id: int) -> None:
    """The undone import of a recovered collection is imported again (undoable)."""
    collection_type = ContentType.objects.get_for_model(Collection)
    ImportUpload.objects.filter(
        status=ImportUpload.Status.UNDONE,
        outcome="created",
        revision__version__content_type=collection_type,
        revision__version__object_id=str(collection_id),
    ).update(status=ImportUpload.Status.IMPORTED, collection_id=collection_id)


class AlreadyRecovered(Exception):
    """The collection exists again: recovered meanwhile, by another editor."""
