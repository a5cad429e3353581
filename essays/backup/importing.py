"""Load an export into an empty database: all of it in one transaction, or nothing.

The file is checked whole before anything is written (checking.py); then
rows go in with their own ids and timestamps (plain INSERTs: no save(), so
no auto_now, no signals), users are matched by username, the sequences move
past the highest ids, and the derived tables are rebuilt (catalog.REBUILT).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from tqdm import tqdm

from essays import content_version
from essays.backup import catalog
from essays.backup.checking import (
    Checked,
    check,
    check_empty,
    check_schema,
    opened,
    parse,
    read_header,
)
from essays.backup.codec import PLAIN, NaturalKeys, Table, load, refers_to, tables
from essays.backup.errors import BackupFailed, Damaged, SchemaMismatch

logger = logging.getLogger(__name__)

BATCH = 1000  # rows per INSERT statement batch
# JSON gives these columns their value as the driver wants it: text, numbers,
# booleans, and ids (keys to rows whose ids the file keeps).
PASSED = PLAIN - {"GenericIPAddressField"}


@dataclass
class Imported:
    rows: dict[str, int] = field(default_factory=dict)
    users_matched: list[str] = field(default_factory=list)
    skipped_permissions: int = 0
    search_entries: int = 0
    fingerprints: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def quiet(desc: str, total: int, unit: str) -> tqdm:
    return tqdm(total=total, disable=True)


class Loader:
    """Rows into tables, a batch at a time, with users and keys mapped."""

    def __init__(self, bar: tqdm) -> None:
        self.bar = bar
        self.keys = NaturalKeys()
        self.tables = {table.label: table for table in tables()}
        self.users: dict[int, int] = {}  # the file's user ids -> this database's
        self.group_ids = dict(Group.objects.values_list("name", "pk"))
        self.result = Imported()
        self.converters: dict[str, list] = {}

    def add(self, label: str, rows: list[dict]) -> None:
        if not rows:
            return
        table = self.tables[label]
        if label == "auth.group":
            self.add_groups(rows)
        elif label == "auth.user":
            self.add_users(table, rows)
        else:
            self.insert(table, rows)
        self.result.rows[label] = self.result.rows.get(label, 0) + len(rows)
        self.bar.update(len(rows))

    def insert(self, table: Table, rows: list[dict]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in table.fields)
        marks = ", ".join(["%s"] * len(table.fields))
        sql = (
            f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) "
            f"VALUES ({marks})"
        )
        if table.label not in self.converters:
            self.converters[table.label] = [
                (field.attname, self.converter(field)) for field in table.fields
            ]
        converters = self.converters[table.label]
        values = [
            [
                None if row[name] is None else convert(row[name])
                for name, convert in converters
            ]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)

    def converter(self, field):
        """A function from the file's value to the column's (made once per column)."""
        if refers_to(field, ContentType):
            return lambda raw: self.keys.content_type_id(raw)
        if refers_to(field, get_user_model()):
            return lambda raw: self.users.get(raw, raw)
        if field.get_internal_type() in PASSED:
            return lambda raw: raw
        return lambda raw: field.get_db_prep_save(load(field, raw), connection)

    def permission_ids(self, keys: list) -> list[int]:
        found = [self.keys.permission_ids.get(tuple(key)) for key in keys]
        self.result.skipped_permissions += found.count(None)
        return [pk for pk in found if pk is not None]

    def add_groups(self, rows: list[dict]) -> None:
        """Groups by name (migrations made some); their rights come from the file."""
        for row in rows:
            group, _ = Group.objects.get_or_create(name=row["name"])
            group.permissions.set(self.permission_ids(row["permissions"]))
            self.group_ids[group.name] = group.pk

    def add_users(self, table: Table, rows: list[dict]) -> None:
        """Users by username (decisions.md): an existing one is kept as it is."""
        User = get_user_model()
        name_field = User.USERNAME_FIELD
        existing = dict(User._base_manager.values_list(name_field, "pk"))
        taken = set(existing.values())
        for row in rows:
            old_id, name = row["id"], row[name_field]
            if name in existing:
                self.users[old_id] = existing[name]
                self.result.users_matched.append(name)
                continue
            values = {f.attname: load(f, row[f.attname]) for f in table.fields}
            if old_id in taken:
                del values["id"]
            user = User(**values)
            if values["password"] is None:  # exported without --with-passwords
                user.set_unusable_password()
                user.is_active = False
            user.save(force_insert=True)
            taken.add(user.pk)
            self.users[old_id] = user.pk
            user.groups.set(self.group_ids[group] for group in row["groups"])
            user.user_permissions.set(self.permission_ids(row["user_permissions"]))


def load_rows(checked: Checked, bar: tqdm) -> Imported:
    """Every row of the file, in its order, checked against this database's models."""
    from essays.search.models import DictionaryTerm

    DictionaryTerm.objects.all().delete()  # the shipped seed; the file has the rest
    loader = Loader(bar)
    with opened(checked.path) as stream:
        first, _ = read_header(stream, checked.path)
        digest = hashlib.sha256(first)
        current, position, batch = "", -1, []
        for number, line in enumerate(stream, start=2):
            row = parse(line, f"第 {number} 行")
            if row.get("end") is True:
                break
            digest.update(line)
            label, fields = row.get("model"), row.get("fields")
            if label != current:
                loader.add(current, batch)
                batch = []
                if label not in catalog.EXPORTED or (
                    catalog.EXPORTED.index(label) <= position
                ):
                    raise Damaged(f"第 {number} 行：数据表 {label} 不在应有的位置。")
                current, position = label, catalog.EXPORTED.index(label)
                keys = set(loader.tables[label].keys)
            if not isinstance(fields, dict) or fields.keys() != keys:
                raise SchemaMismatch(
                    f"第 {number} 行：{label} 的字段与本系统的不同，"
                    "请用写出该文件的程序版本导入。"
                )
            batch.append(fields)
            if len(batch) >= BATCH:
                loader.add(current, batch)
                batch = []
        loader.add(current, batch)
    if digest.hexdigest() != checked.sha256:
        raise Damaged(f"{checked.path} 在导入过程中被改动了；数据库未作任何改动。")
    return loader.result


def finish(result: Imported, progress) -> None:
    """Check the references, move the sequences on, rebuild what is derived."""
    models = catalog.exported_models()
    try:
        connection.check_constraints(
            table_names=[model._meta.db_table for model in models]
        )
    except IntegrityError as error:
        raise Damaged(
            f"文件中的行互相引用不上：{error}。数据库未作任何改动。"
        ) from error
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    # Past any copy a shared cache kept of another database's pages.
    content_version.start_afresh()
    rebuild(result, progress)


def rebuild(result: Imported, progress) -> None:
    """The search index and the duplicates' fingerprints, from the rows now here."""
    from essays.duplicates.index import remember
    from essays.models import Essay
    from essays.search import dictionary, indexing
    from essays.search.models import DictionaryTerm

    dictionary.load()
    for word in DictionaryTerm.objects.values_list("word", flat=True):
        dictionary.add(word)
    essays = Essay.objects.order_by("pk")
    total = essays.count()
    with progress("重建搜索索引", total, "篇") as bar:
        result.search_entries = indexing.rebuild(progress=bar.update)
    with progress("重建重复检测指纹", total, "篇") as bar:
        last = 0
        while chunk := list(essays.filter(pk__gt=last)[:500]):
            result.fingerprints += remember(chunk)
            last = chunk[-1].pk
            bar.update(len(chunk))


def lock_out_other_restores() -> None:
    """Two imports at once: the second waits, then finds content and refuses.

    On PostgreSQL a lock on the collections table, taken first, lets neither
    another import nor an import of a document write a collection until this
    transaction ends; SQLite serialises writing transactions itself.
    """
    if connection.vendor == "postgresql":
        from essays.models import Collection

        table = connection.ops.quote_name(Collection._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def restore(path: Path, *, progress=quiet) -> Imported:
    """Check `path`, then load it into this empty database in one transaction."""
    from essays.search.backends import get_search_backend

    checked = check(path)
    check_schema(checked)
    try:
        with transaction.atomic():
            lock_out_other_restores()
            check_empty()
            with progress("导入", checked.total, "行") as bar:
                result = load_rows(checked, bar)
            finish(result, progress)
            backend = get_search_backend()
            if backend.keeps_own_index:
                transaction.on_commit(backend.rebuild)
    except DatabaseError as error:
        raise BackupFailed(
            f"数据库拒绝了 {path} 中的数据：{error}。数据库未作任何改动。"
        ) from error
    # The restore itself leaves no row of history: the base must come out as
    # it went in (export -> import -> export is byte-identical); the log says it.
    logger.info("import_kb: restored %s rows from %s", result.total, path)
    return result
