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

from django.db import models, transaction
from django.utils.timezone import localtime
from reversion.models import Revision, Version

from essays import history
from essays.models import (
    Collection,
    Essay,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)
from essays.services import ordering, recording
from essays.services.permissions import require_publisher
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
    comment = f"恢复到 {moment:%Y-%m-%d %H:%M} 的版本:{root.object_repr}"
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
