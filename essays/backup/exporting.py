"""Write the knowledge base to one JSON Lines file (gzip when it ends in .gz).

The file reads the same whatever the database: rows in primary-key order,
keys in field order, datetimes in UTC with microseconds; nothing in it names
the machine or the hour, so export -> import -> export gives the same bytes.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from tqdm import tqdm

from essays.backup import FORMAT, VERSION, catalog
from essays.backup.codec import NaturalKeys, Table, dump, refers_to, tables
from essays.backup.errors import BackupFailed

logger = logging.getLogger(__name__)

CHUNK = 2000  # rows fetched at a time: memory stays flat however large the base
DESCRIPTION = "基层工作知识库的完整导出；用 manage.py import_kb 导入一个空数据库。"


@dataclass
class Exported:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    size: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


# The operating system's reasons, as an operator reads them (issue 15: Chinese).
OS_ERRORS = {
    errno.ENOENT: "所在的目录不存在（请先建好目录）",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "所在的文件系统只读",
    errno.EISDIR: "这是一个目录，不是文件",
}


def encode(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def schema() -> dict[str, str]:
    """The last applied migration of each app that owns exported rows."""
    owners = sorted({label.split(".")[0] for label in catalog.EXPORTED})
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        app: max((name for label, name in applied if label == app), default="")
        for app in owners
    }


def header() -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "description": DESCRIPTION,
        "schema": schema(),
        "models": list(catalog.EXPORTED),
    }


@contextmanager
def snapshot() -> Iterator[None]:
    """One consistent view of every table while the site goes on writing."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        yield


def many_values(table: Table, keys: NaturalKeys) -> dict[str, dict[int, list]]:
    """Each many-to-many list of `table`, by owner id, sorted (one query each)."""
    names = dict(Group.objects.values_list("pk", "name"))
    values: dict[str, dict[int, list]] = {}
    for many in table.many:
        through = many.remote_field.through
        source = many.m2m_column_name()
        target = many.m2m_reverse_name()
        found = defaultdict(list)
        for owner, other in through.objects.values_list(source, target):
            if many.related_model is Permission:
                found[owner].append(keys.permissions[other])
            elif many.related_model is Group:
                found[owner].append(names[other])
            else:
                found[owner].append(other)
        values[many.name] = {owner: sorted(items) for owner, items in found.items()}
    return values


def rows(table: Table, keys: NaturalKeys) -> Iterator[dict]:
    """The table's rows as JSON objects, in primary-key order."""
    queryset = table.model._base_manager.all()
    if table.many:
        pk = table.model._meta.pk.attname
        queryset = queryset.values_list(pk, *(f.attname for f in table.fields))
    else:
        queryset = queryset.values_list(*(f.attname for f in table.fields))
    if table.ordering == "pk":
        found = queryset.order_by("pk").iterator(chunk_size=CHUNK)
    else:  # by a text column: sorted here, the same under any collation
        position = [f.name for f in table.fields].index(table.ordering)
        found = sorted(queryset, key=lambda values: values[position + bool(table.many)])
    many = many_values(table, keys)
    for values in found:
        owner = values[0] if table.many else None
        values = values[1:] if table.many else values
        row = {
            field.attname: column(field, value, keys)
            for field, value in zip(table.fields, values, strict=True)
        }
        for name, lists in many.items():
            row[name] = lists.get(owner, [])
        yield row


def column(field, value, keys: NaturalKeys):
    if value is not None and refers_to(field, ContentType):
        return keys.content_types[value]
    return dump(field, value)


@contextmanager
def output(path: Path) -> Iterator[Callable[[bytes], None]]:
    """Write to PATH.part and put it in place only when complete."""
    partial = path.with_name(path.name + ".part")
    try:
        raw = open(partial, "wb")  # noqa: SIM115 - closed below, before the rename
    except OSError as error:
        reason = OS_ERRORS.get(error.errno, error.strerror)
        raise BackupFailed(f"无法写入 {path}：{reason}。") from error
    try:
        # mtime=0 and no name: the same rows give the same compressed bytes.
        stream = (
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            if path.suffix == ".gz"
            else raw
        )
        yield stream.write
        if stream is not raw:
            stream.close()
        raw.flush()
        os.fsync(raw.fileno())
        raw.close()
        os.replace(partial, path)
    except BaseException:
        raw.close()
        partial.unlink(missing_ok=True)
        raise


def export(path: Path, *, bar: tqdm | None = None, passwords: bool = False) -> Exported:
    """Write every exported row to `path`, counting them on `bar`.

    By default accounts travel as who they are, without their password
    hashes or their active flag: an import maps them to existing users or
    makes them inactive, with no usable password (decisions.md, "Export").
    With `passwords` (a move to a new server) both travel as stored.
    """
    bar = bar if bar is not None else tqdm(disable=True)
    result = Exported(path)
    with snapshot(), output(path) as write:
        keys = NaturalKeys()
        all_tables = tables()
        counts = {t.label: t.model._base_manager.count() for t in all_tables}
        bar.reset(total=sum(counts.values()))
        digest = hashlib.sha256()

        def emit(obj) -> None:
            line = encode(obj)
            digest.update(line)
            write(line)

        emit(header())
        for table in all_tables:
            written = 0
            for row in rows(table, keys):
                if not passwords and table.label == "auth.user":
                    row["password"] = row["is_active"] = None
                emit({"model": table.label, "fields": row})
                written += 1
                bar.update()
            result.rows[table.label] = written
        write(encode({"end": True, "rows": result.rows, "sha256": digest.hexdigest()}))
    result.size = path.stat().st_size
    logger.info("export_kb: wrote %s rows to %s", result.total, path)
    return result
