"""History with django-reversion: whole trees in a revision, scoped reverts, diffs.

Reversion serialises an object when it is added to a revision and does not see
`bulk_create`/`bulk_update`, which the writer and the ordering service use, so
`add_tree()` adds an object and everything it follows (essays.models.VERSIONED)
explicitly, after the writes. A revert restores one object's own tree as it
was in a revision (a point and its topics, a section and its points, an essay
and its tree, a collection and everything in it), not the whole revision.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import reversion
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from reversion.models import Revision, Version

from essays.models import (
    VERSIONED,
    Collection,
    Essay,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)
from essays.services.ordering import PARKING, place

TREE = (Collection, Essay, Section, Point)


def followed(obj: models.Model) -> Iterator[models.Model]:
    """`obj` and everything it follows, children before their parents."""
    for name in VERSIONED.get(type(obj), ()):
        related = getattr(obj, name)
        if isinstance(related, models.Model):
            yield related  # a tag: followed, never walked further
            continue
        for child in related.all():
            yield from followed(child)
    yield obj


def with_tree(obj: models.Model) -> models.Model:
    """`obj` loaded again with its followed relations prefetched (fixed queries)."""
    tags = "taggedpoint_set__tag"
    points = Prefetch("points", Point.objects.prefetch_related(tags))
    if isinstance(obj, Collection):
        lookups = [
            "essays__taggedessay_set__tag",
            Prefetch("essays__sections", Section.objects.prefetch_related(points)),
            Prefetch("essays__points", Point.objects.prefetch_related(tags)),
        ]
    elif isinstance(obj, Essay):
        lookups = ["taggedessay_set__tag", points, "sections__points__" + tags]
    elif isinstance(obj, Section):
        lookups = [points]
    elif isinstance(obj, Point):
        lookups = [tags]
    else:
        return obj
    return type(obj).objects.prefetch_related(*lookups).get(pk=obj.pk)


def add_tree(obj: models.Model) -> None:
    """Add `obj` and its whole followed tree, as it is now, to the open revision."""
    seen = set()
    for item in followed(with_tree(obj)):
        key = (type(item), item.pk)
        if key not in seen:  # points are reached twice: by essay and by section
            seen.add(key)
            reversion.add_to_revision(item)


def latest_revision(obj: models.Model) -> Revision | None:
    version = Version.objects.get_for_object(obj).select_related("revision").first()
    return version.revision if version else None


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


def settle(groups: set[tuple]) -> None:
    """Positions 1…n again in each group (rows left parked keep their place)."""
    for group in groups:
        rows = list(group_rows(group))

        def key(row: models.Model) -> tuple[int, int]:
            # A row left parked (outside the restored tree) keeps its place; a
            # restored row given the same position comes after it.
            if row.position > PARKING:
                return (row.position - PARKING, 0)
            return (row.position, 1)

        if rows:
            place(sorted(rows, key=key))


@transaction.atomic
def revert(root: Version, *, user=None) -> Revision | None:
    """Restore `root`'s object and its own tree as they were in `root`'s revision.

    Rows of the tree added since are deleted; rows deleted since come back with
    their ids; positions are made unique again. The result is a new revision.
    """
    versions = scoped_versions(root)
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
        group_rows(group).update(position=models.F("position") + PARKING)
    ordered = sorted(versions, key=restore_order)
    for version in ordered:
        exists = Topic.objects.filter(pk=version.object_id).exists
        if version._model is Topic and exists():
            continue  # a topic renamed since keeps its name
        version.revert()
    settle(groups)
    with reversion.create_revision(atomic=False):
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(
            f"恢复到 {localtime(root.revision.date_created):%Y-%m-%d %H:%M} 的版本:"
            f"{root.object_repr}"
        )
        obj = root._model.objects.get(pk=root.object_id)
        add_tree(obj)
    return latest_revision(obj)


def restore_order(version: Version) -> tuple[int, int]:
    """Parents before children: topics, collection, essays, sections, points."""
    order = [Topic, Collection, Essay, Section, Point, TaggedEssay, TaggedPoint]
    depth = 0
    if version._model is Point:
        depth = 0 if version.field_dict["parent_id"] is None else 1
    return (order.index(version._model), depth)


# --- diffs ----------------------------------------------------------------------


@dataclass
class FieldChange:
    """One field of a version beside the current value, with a character diff."""

    label: str
    old: str
    new: str

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def diff(self) -> SafeString:
        return text_diff(self.old, self.new)


def text_diff(old: str, new: str) -> SafeString:
    """`old` -> `new` as escaped HTML with <del> and <ins> around the changes."""
    # Characters, not words: Chinese has no spaces between words.
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    parts = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("{}", old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(("<del>{}</del>", old[a1:a2]))
        if b2 > b1:
            parts.append(("<ins>{}</ins>", new[b1:b2]))
    return format_html_join("", "{}", ((format_html(f, t),) for f, t in parts))


def display(model: type[models.Model], name: str, value) -> str:
    field = model._meta.get_field(name)
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and value is not None:
        row = field.related_model.objects.filter(pk=value).first()
        return str(row) if row else f"#{value}(已删除)"
    return "" if value is None else str(value)


def topic_names(version: Version) -> list[str]:
    """The topics an essay or point had in `version`'s revision."""
    through = {Essay: TaggedEssay, Point: TaggedPoint}.get(version._model)
    if through is None:
        return []
    ids = [
        v.field_dict["tag_id"]
        for v in version.revision.version_set.filter(
            content_type__app_label="essays",
            content_type__model=through._meta.model_name,
        )
        if v.field_dict["content_object_id"] == int(version.object_id)
    ]
    names = dict(Topic.objects.filter(pk__in=ids).values_list("pk", "name"))
    return sorted(names.get(pk, f"#{pk}") for pk in ids)


def field_changes(version: Version) -> list[FieldChange]:
    """Every editable field of `version` beside the current object's value."""
    model = version._model
    current = model.objects.filter(pk=version.object_id).first()
    old_fields = version.field_dict
    rows = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        old = display(model, field.name, old_fields.get(field.attname))
        new = ""
        if current is not None:
            new = display(model, field.name, getattr(current, field.attname))
        rows.append(FieldChange(str(field.verbose_name), old, new))
    if model in (Essay, Point):
        old_topics = "、".join(topic_names(version))
        new_topics = ""
        if current is not None:
            new_topics = "、".join(sorted(t.name for t in current.topics.all()))
        rows.append(FieldChange("主题", old_topics, new_topics))
    return rows


def revision_contents(version: Version) -> dict[str, int]:
    """How many rows of each kind `version`'s own tree holds in its revision."""
    counts: dict[str, int] = {}
    for item in scoped_versions(version):
        name = str(item._model._meta.verbose_name)
        counts[name] = counts.get(name, 0) + 1
    return counts
