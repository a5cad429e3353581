"""Rows as JSON and back, exactly: which columns, and how each value is written.

Django's JSON serializer cuts datetimes to milliseconds and taggit's through
models have no natural keys (issue 17), so values are written here: datetimes
in UTC with microseconds, bytes as base64, content types and permissions by
natural key (their ids differ between databases), groups by name.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models

from essays.backup import catalog
from essays.backup.errors import Damaged

PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "GenericIPAddressField",
    "BooleanField",
    "ForeignKey",
    "OneToOneField",
}
SUPPORTED = PLAIN | {"DateTimeField", "DateField", "BinaryField"}


@dataclass(frozen=True)
class Table:
    """One exported model: the columns written and its many-to-many lists."""

    model: type[models.Model]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @cached_property
    def fields(self) -> tuple[models.Field, ...]:
        fields = self.model._meta.concrete_fields
        if self.model is Group:  # matched by name: ids differ between databases
            fields = [field for field in fields if not field.primary_key]
        return tuple(fields)

    @cached_property
    def many(self) -> tuple[models.ManyToManyField, ...]:
        """Many-to-many fields whose rows have no model of their own."""
        return tuple(
            field
            for field in self.model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        )

    @cached_property
    def keys(self) -> list[str]:
        return [field.attname for field in self.fields] + [f.name for f in self.many]

    @property
    def ordering(self) -> str:
        return "name" if self.model is Group else "pk"


def tables() -> list[Table]:
    return [Table(model) for model in catalog.exported_models()]


def refers_to(field: models.Field, model: type[models.Model]) -> bool:
    return field.is_relation and field.related_model is model


def dump(field: models.Field, value):
    """A column's value as JSON."""
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if kind == "DateField":
        return value.isoformat()
    if kind == "BinaryField":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind in PLAIN:
        return value
    raise TypeError(f"{field} ({kind}) has no backup encoding")


def load(field: models.Field, value):
    """A JSON value back as the column's Python value."""
    if value is None:
        return None
    kind = field.get_internal_type()
    try:
        if kind == "DateTimeField":
            return datetime.datetime.fromisoformat(value)
        if kind == "DateField":
            return datetime.date.fromisoformat(value)
        if kind == "BinaryField":
            return base64.b64decode(value, validate=True)
    except (TypeError, ValueError) as error:
        raise Damaged(
            f"字段 {field.model._meta.label_lower}.{field.name} 的值无法读取："
            f"{value!r:.60}"
        ) from error
    return value


class NaturalKeys:
    """Content types and permissions by natural key, both ways."""

    def __init__(self) -> None:
        self.content_types = {
            ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()
        }
        self.permissions = {
            pk: [codename, app_label, model]
            for pk, codename, app_label, model in Permission.objects.values_list(
                "pk", "codename", "content_type__app_label", "content_type__model"
            )
        }
        self.content_type_ids = {
            tuple(key): pk for pk, key in self.content_types.items()
        }
        self.permission_ids = {tuple(key): pk for pk, key in self.permissions.items()}

    def content_type_id(self, key: list[str]) -> int:
        """The id of a content type here, made when this database lacks it."""
        found = self.content_type_ids.get(tuple(key))
        if found is None:
            app_label, model = key
            found = ContentType.objects.get_or_create(app_label=app_label, model=model)[
                0
            ].pk
            self.content_type_ids[tuple(key)] = found
        return found
