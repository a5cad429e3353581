"""A history version beside today's rows: field by field, with character diffs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from reversion.models import Version

from essays.models import Essay, Point, TaggedEssay, TaggedPoint, Topic
from essays.services.reverting import scoped_versions


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
