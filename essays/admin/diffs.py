"""A history version beside today's rows: field by field, with character diffs."""

from __future__ import annotations

import dataclasses
import datetime
import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from reversion.models import Revision, Version

from essays.models import Essay, Point, Section, TaggedEssay, TaggedPoint, Topic
from essays.services.reverting import scoped_versions


@dataclass
class FieldChange:
    """One field now and as restoring a version would make it, with a diff."""

    label: str
    now: str
    restored: str

    @property
    def changed(self) -> bool:
        return self.now != self.restored

    @property
    def diff(self) -> SafeString:
        return text_diff(self.now, self.restored)


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


def moment(value) -> str | None:
    """A date or time as an editor reads it (local time, to the minute)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, datetime.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return None


def display(model: type[models.Model], name: str, value) -> str:
    field = model._meta.get_field(name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if moment(value) is not None:
        return moment(value)
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and value is not None:
        row = field.related_model.objects.filter(pk=value).first()
        return str(row) if row else f"（已删除的第 {value} 号）"
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
    """Every editable field, from the current value to `version`'s.

    Restoring the version goes this way: what it brings back is inserted
    text, not struck out (issue 15).
    """
    model = version._model
    current = model.objects.filter(pk=version.object_id).first()
    then = version.field_dict
    rows = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in IGNORED:
            continue
        restored = display(model, field.name, then.get(field.attname))
        now = ""
        if current is not None:
            now = display(model, field.name, getattr(current, field.attname))
        label = FIELD_LABELS.get(field.name, str(field.verbose_name))
        rows.append(FieldChange(label, now=now, restored=restored))
    if model in (Essay, Point):
        now = ""
        if current is not None:
            now = "、".join(sorted(t.name for t in current.topics.all()))
        rows.append(FieldChange("主题", now, "、".join(topic_names(version))))
    return rows


def revision_contents(version: Version) -> dict[str, int]:
    """How many rows of each kind `version`'s own tree holds in its revision."""
    counts: dict[str, int] = {}
    for item in scoped_versions(version):
        name = str(item._model._meta.verbose_name)
        counts[name] = counts.get(name, 0) + 1
    return counts


# --- what each revision changed: the history page's rows (issue 15) ------------
#
# A history row says what its revision changed, field by field (标题：旧 → 新),
# against the state before it. An essay's history holds its sections' and
# points' revisions too (edits made on their own pages), so the whole tree's
# versions are read once and walked oldest first, keeping each row's last
# state; a revision that holds the essay holds its whole tree (reversion
# follows it), so a row missing from it was deleted.

# Names editors read for fields whose model names are jargon (docs/admin.md).
FIELD_LABELS = {
    "position": "顺序",
    "number": "第几项",
    "label": "编号",
    "declared_count": "标题中说的条数",
    "parent": "上级要点",
    "section": "所属部分",
}
# Not shown: bookkeeping, the parent (the page is the parent's), a document's
# whole raw text, and a fingerprint that means nothing to an editor.
IGNORED = {"updated_at", "created_at", "essay", "collection", "raw_text", "sha256"}
SHORT = 40


@dataclass
class Change:
    """One field of one row, before and after a revision."""

    what: str  # 文章 / 部分“…” / 要点“…”
    label: str
    old: str
    new: str

    def __str__(self) -> str:
        old, new = self.old or "（空）", self.new or "（空）"
        return f"{self.what}：{self.label}：{old} → {new}"


@dataclass
class Entry:
    """One revision on an object's history page, with what it changed."""

    revision: Revision
    version: Version  # the version its link opens
    changes: list[Change | str] = dataclasses.field(default_factory=list)
    channel: str = "—"


def short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


class Walk:
    """Versions of one object's tree, walked oldest first (see above)."""

    def __init__(self, obj: models.Model):
        self.obj = obj
        self.names: dict[tuple, str] = {}  # (model, pk) -> display of a related row
        self.topics: dict[int, str] = {}

    def inside(self, version: Version) -> bool:
        """Whether `version` is a row of this object's tree."""
        model, fields, pk = version._model, version.field_dict, self.obj.pk
        if model is type(self.obj):
            return int(version.object_id) == pk
        if isinstance(self.obj, Essay) and model in (Section, Point):
            return fields["essay_id"] == pk
        if isinstance(self.obj, Section) and model is Point:
            return fields["section_id"] == pk
        return False

    def describe(self, version: Version, fields: dict) -> str:
        model = version._model
        if model is type(self.obj):
            return str(model._meta.verbose_name)
        title = (
            fields.get("title") or fields.get("label") or f"第 {fields['position']} 项"
        )
        return f"{model._meta.verbose_name}“{short(title)}”"

    def value(self, model, name: str, value) -> str:
        modelfield = model._meta.get_field(name)
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if moment(value) is not None:
            return moment(value)
        if modelfield.choices:
            return str(dict(modelfield.flatchoices).get(value, value))
        if modelfield.is_relation:
            key = (modelfield.related_model, value)
            if key not in self.names:
                row = modelfield.related_model.objects.filter(pk=value).first()
                self.names[key] = short(row) if row else f"（已删除的第 {value} 号）"
            return self.names[key]
        return short(value)

    def compare(self, what: str, model, old: dict, new: dict) -> list[Change]:
        changes = []
        for modelfield in model._meta.concrete_fields:
            name = modelfield.name
            if modelfield.primary_key or name in IGNORED or not modelfield.editable:
                continue
            before, after = old.get(modelfield.attname), new.get(modelfield.attname)
            if before != after:
                label = FIELD_LABELS.get(name, str(modelfield.verbose_name))
                changes.append(
                    Change(
                        what,
                        label,
                        self.value(model, name, before),
                        self.value(model, name, after),
                    )
                )
        if "topics" in new and old.get("topics") != new["topics"]:
            names = [
                "、".join(sorted(self.topics.get(pk, f"#{pk}") for pk in side))
                for side in (old.get("topics", ()), new["topics"])
            ]
            changes.append(Change(what, "主题", *names))
        return changes


def tree_versions(obj: models.Model) -> list[Version]:
    """Every version of `obj`'s tree rows and topic rows, oldest revision first."""
    own = Version.objects.get_for_object(obj)
    revision_ids = set(own.values_list("revision_id", flat=True))
    nodes = {Essay: (Section, Point), Section: (Point,)}.get(type(obj), ())
    types = {model: ContentType.objects.get_for_model(model) for model in nodes}
    if nodes:
        walk = Walk(obj)
        ids: dict[type, set[str]] = {model: set() for model in nodes}
        in_own = Version.objects.filter(
            revision_id__in=revision_ids, content_type__in=types.values()
        ).select_related("content_type")
        for version in in_own:
            if walk.inside(version):
                ids[version._model].add(version.object_id)
        for model in nodes:
            lookup = "essay" if isinstance(obj, Essay) else "section"
            ids[model] |= {
                str(pk)
                for pk in model.objects.filter(**{lookup: obj}).values_list(
                    "pk", flat=True
                )
            }
            revision_ids |= set(
                Version.objects.filter(
                    content_type=types[model], object_id__in=ids[model]
                ).values_list("revision_id", flat=True)
            )
    tree = [type(obj), *nodes, TaggedEssay, TaggedPoint]
    return list(
        Version.objects.filter(
            revision_id__in=revision_ids,
            content_type__in=[ContentType.objects.get_for_model(m) for m in tree],
        )
        .select_related("revision__user", "content_type")
        .order_by("revision_id", "pk")
    )


def timeline(obj: models.Model) -> list[Entry]:
    """`obj`'s history rows, newest first, each saying what its revision changed."""
    walk = Walk(obj)
    by_revision: dict[int, list[Version]] = {}
    for version in tree_versions(obj):
        by_revision.setdefault(version.revision_id, []).append(version)
    tag_ids = {
        v.field_dict["tag_id"]
        for versions in by_revision.values()
        for v in versions
        if v._model in (TaggedEssay, TaggedPoint)
    }
    walk.topics = dict(Topic.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    state: dict[tuple, tuple[str, dict]] = {}
    entries = []
    for versions in by_revision.values():
        entry = step(walk, versions, state)
        if entry is not None:
            entries.append(entry)
    return entries[::-1]


def topics_in(versions: list[Version]) -> dict[tuple, frozenset]:
    """The topic ids of each essay and point in one revision, by (model, id)."""
    owners = {TaggedEssay: Essay, TaggedPoint: Point}
    topics: dict[tuple, set] = {}
    for version in versions:
        owner = owners.get(version._model)
        if owner is not None:
            fields = version.field_dict
            key = (owner, fields["content_object_id"])
            topics.setdefault(key, set()).add(fields["tag_id"])
    return {key: frozenset(ids) for key, ids in topics.items()}


def step(walk: Walk, versions: list[Version], state: dict) -> Entry | None:
    """One revision's entry; `state` moves on to the rows as they are after it."""
    rows = [v for v in versions if walk.inside(v)]
    if not rows:
        return None
    topics = topics_in(versions)
    created, changes, seen = [], [], set()
    for version in rows:
        model, key = version._model, (version._model, int(version.object_id))
        fields = dict(version.field_dict)
        if model in (Essay, Point):
            fields["topics"] = topics.get(key, frozenset())
        what = walk.describe(version, fields)
        seen.add(key)
        if key in state:
            changes += walk.compare(what, model, state[key][1], fields)
        elif model is not type(walk.obj):
            created.append(what)
        state[key] = (what, fields)
    own = next((v for v in rows if v._model is type(walk.obj)), None)
    gone = []
    if own is not None:  # the whole tree is in this revision
        gone = [key for key in state if key not in seen]
        for key in gone:
            changes.append(f"删除{state.pop(key)[0]}")
    entry = Entry(versions[0].revision, own or rows[0])
    entry.changes = summarise(created, walk) + changes
    return entry


def summarise(created: list[str], walk: Walk) -> list[str]:
    """New rows, listed when few and counted when many (an import's)."""
    if len(created) <= 3:
        return [f"新增{what}" for what in created]
    counts: dict[str, int] = {}
    for what in created:
        kind = what.split("“")[0]
        counts[kind] = counts.get(kind, 0) + 1
    return ["新增 " + "、".join(f"{n} 个{kind}" for kind, n in counts.items())]
