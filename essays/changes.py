"""The change feed: essays, sections and points created, updated or deleted.

Derived from history, with no table of tombstones: every write records a
django-reversion revision holding the tree it touched as it is afterwards
(services/recording.py, history.add_tree), an essay's, or a collection's
after an import or after essays were deleted from it. So, revision by
revision, an object whose first version is in it was created, one whose
version differs from its previous one was updated, and one that the
previous revision of the same essay (or collection) held and this one does
not was deleted. A deleted essay's sections and points go with it and are
not listed one by one.

A cursor is `r<revision id>`: the feed resumes after that revision.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from reversion.models import Revision, Version

from essays.models import Collection, Essay, Point, Section

KINDS = {Essay: "essay", Section: "section", Point: "point"}


@dataclass(frozen=True)
class Change:
    type: str  # essay, section, point
    id: int
    essay: str  # the essay's slug
    action: str  # created, updated, deleted
    at: datetime.datetime
    cursor: str  # the revision it came from


@dataclass(frozen=True)
class ChangePage:
    items: list[Change]
    cursor: str  # pass as `since` for what follows
    more: bool


class BadCursor(ValueError):
    """`since` is neither an ISO 8601 time nor a cursor from this feed."""


def cursor_of(revision_id: int) -> str:
    return f"r{revision_id}"


def revision_after(since: str) -> int:
    """The revision id after which the feed starts, from a cursor or a time."""
    if since.startswith("r") and since[1:].isdigit():
        return int(since[1:])
    moment = parse_datetime(since)
    if moment is None:
        raise BadCursor(since)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    later = Revision.objects.filter(date_created__gte=moment).order_by("pk")
    first = later.values_list("pk", flat=True).first()
    if first is not None:
        return first - 1
    return Revision.objects.aggregate(last=Max("pk"))["last"] or 0


@dataclass
class Snapshot:
    """The content versions one revision holds: (model, id) -> fields."""

    revision: Revision
    objects: dict[tuple[type, int], dict]


def snapshot(revision: Revision, types: dict[int, type]) -> Snapshot:
    objects = {}
    versions = Version.objects.filter(
        revision=revision, content_type_id__in=list(types)
    ).values_list("content_type_id", "object_id", "serialized_data")
    for type_id, object_id, data in versions:
        (row,) = json.loads(data)
        objects[(types[type_id], int(object_id))] = row["fields"]
    return Snapshot(revision, objects)


def previous_revision(model: type, object_id: int, before: int) -> Revision | None:
    """The latest revision before `before` holding a version of the object."""
    version = (
        Version.objects.get_for_model(model)
        .filter(object_id=str(object_id), revision_id__lt=before)
        .select_related("revision")
        .order_by("-revision_id")
        .first()
    )
    return version.revision if version else None


def previous_fields(model: type, ids: Iterable[int], before: int) -> dict[int, dict]:
    """Each object's fields in its latest version before revision `before`."""
    versions = Version.objects.get_for_model(model).filter(
        object_id__in=[str(i) for i in ids], revision_id__lt=before
    )
    latest = versions.values("object_id").annotate(last=Max("revision_id"))
    found = {}
    for row in latest:
        version = versions.get(object_id=row["object_id"], revision_id=row["last"])
        found[int(row["object_id"])] = json.loads(version.serialized_data)[0]["fields"]
    return found


def in_scope(model: type, fields: dict, essays: set[int], collections: set[int]):
    if model is Essay:
        return fields.get("collection") in collections
    return fields.get("essay") in essays


def changes_in(current: Snapshot, types: dict[int, type]) -> list[tuple]:
    """(model, id, action, fields, fields before) for one revision."""
    found = []
    for model in KINDS:
        ids = [i for (m, i) in current.objects if m is model]
        before = previous_fields(model, ids, current.revision.pk)
        for object_id in ids:
            fields = current.objects[(model, object_id)]
            if object_id not in before:
                found.append((model, object_id, "created", fields, {}))
            elif before[object_id] != fields:
                found.append((model, object_id, "updated", fields, before[object_id]))
    essays = {i for (m, i) in current.objects if m is Essay}
    collections = {i for (m, i) in current.objects if m is Collection}
    scopes = [(Essay, i) for i in essays] + [(Collection, i) for i in collections]
    seen = set()
    for model, object_id in scopes:
        earlier = previous_revision(model, object_id, current.revision.pk)
        if earlier is None or earlier.pk in seen:
            continue
        seen.add(earlier.pk)
        for (kind, kind_id), fields in snapshot(earlier, types).objects.items():
            if kind not in KINDS or (kind, kind_id) in current.objects:
                continue
            # A section or point of an essay that went is in the essay's entry.
            if in_scope(kind, fields, essays, collections):
                found.append((kind, kind_id, "deleted", fields, fields))
    return found


def content_types() -> dict[int, type]:
    models = [*KINDS, Collection]
    found = ContentType.objects.get_for_models(*models)
    return {found[model].pk: model for model in models}


def change_feed(
    since: str, *, limit: int = 20, include_drafts: bool = False
) -> ChangePage:
    """Changes in up to `limit` revisions after `since` (a cursor or a time)."""
    after = revision_after(since)
    types = content_types()
    revision_ids = list(
        Version.objects.filter(revision_id__gt=after, content_type_id__in=list(types))
        .order_by("revision_id")
        .values_list("revision_id", flat=True)
        .distinct()[: limit + 1]
    )
    more = len(revision_ids) > limit
    revision_ids = revision_ids[:limit]
    raw = []
    for revision in Revision.objects.filter(pk__in=revision_ids).order_by("pk"):
        for change in changes_in(snapshot(revision, types), types):
            raw.append((revision, *change))
    items = visible_changes(raw, include_drafts=include_drafts)
    last = revision_ids[-1] if revision_ids else after
    return ChangePage(items=items, cursor=cursor_of(last), more=more)


def is_public(fields: dict) -> bool:
    return fields.get("status") == Essay.Status.PUBLISHED


def public_action(model: type, action: str, fields: dict, before: dict) -> str:
    """To the public, publishing creates an essay and unpublishing deletes it."""
    if (
        model is not Essay
        or action != "updated"
        or is_public(before) == is_public(fields)
    ):
        return action
    return "created" if is_public(fields) else "deleted"


def visible_changes(raw: list[tuple], *, include_drafts: bool) -> list[Change]:
    """Entries a reader may see: those of published essays (withdrawn ones too)."""
    essay_ids = {
        object_id if model is Essay else fields.get("essay")
        for _, model, object_id, _, fields, _ in raw
    }
    essays = Essay.objects.all() if include_drafts else Essay.objects.published()
    live = dict(essays.filter(pk__in=essay_ids).values_list("pk", "slug"))
    items = []
    for revision, model, object_id, action, fields, before in raw:
        essay_id = object_id if model is Essay else fields.get("essay")
        if not include_drafts:
            action = public_action(model, action, fields, before)
        slug = live.get(essay_id)
        if model is Essay and action == "deleted":
            if not (include_drafts or is_public(before)):
                continue  # a draft the public never saw
            slug = fields.get("slug", "")
        if slug is None:
            continue
        items.append(
            Change(
                type=KINDS[model],
                id=object_id,
                essay=slug,
                action=action,
                at=revision.date_created,
                cursor=cursor_of(revision.pk),
            )
        )
    return items
