"""Check an export before writing anything: format, version, ending, checksum.

Also what the target database must be: migrated by the same migrations, and
without content (the rows migrations seed are allowed: groups, the shipped
search dictionary).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db.models import Q

from essays.backup import FORMAT, VERSION, catalog
from essays.backup.errors import (
    Damaged,
    NotABackup,
    NotEmpty,
    SchemaMismatch,
    WrongVersion,
)
from essays.backup.exporting import schema

HEADER_LIMIT = 1 << 20  # a header line is short; a binary file has no newline
SEED_NOTE = "随系统提供"  # search migration 0002's note on the shipped dictionary


@dataclass
class Checked:
    """A file whose closing line agrees with its contents."""

    path: Path
    header: dict
    rows: dict[str, int]
    sha256: str

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@contextmanager
def opened(path: Path) -> Iterator[IO[bytes]]:
    """The file's lines as bytes, through gzip when it is compressed."""
    if not path.exists():
        raise NotABackup(f"找不到文件 {path}，请检查路径是否写对。")
    if not path.is_file():
        raise NotABackup(f"{path} 不是文件（可能是目录），请给出导出文件的路径。")
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        if not compressed:
            yield raw
            return
        with gzip.GzipFile(fileobj=raw, mode="rb") as unpacked:
            yield unpacked


def parse(line: bytes, what: str) -> dict:
    try:
        value = json.loads(line)
    except ValueError:
        raise NotABackup(f"{what}不是 JSON。") from None
    if not isinstance(value, dict):
        raise NotABackup(f"{what}不是 JSON 对象。")
    return value


def read_header(stream: IO[bytes], path: Path) -> tuple[bytes, dict]:
    first = stream.readline(HEADER_LIMIT)
    not_ours = f"{path} 不是知识库导出文件（用 manage.py export_kb 写出的文件）"
    if not first.endswith(b"\n"):
        raise NotABackup(f"{not_ours}：第 1 行不是导出文件的开头。")
    try:
        header = parse(first, "")
    except NotABackup:
        raise NotABackup(f"{not_ours}：第 1 行不是 JSON。") from None
    if header.get("format") != FORMAT:
        raise NotABackup(f"{not_ours}：格式标记不是“{FORMAT}”。")
    if header.get("version") != VERSION:
        raise WrongVersion(
            f"{path} 是第 {header.get('version')} 版导出格式，本程序只能导入第 "
            f"{VERSION} 版：请用写出它的程序版本导入。"
        )
    return first, header


def check(path: Path) -> Checked:
    """Read the file once, writing nothing: header, closing line, checksum."""
    try:
        with opened(path) as stream:
            first, header = read_header(stream, path)
            digest = hashlib.sha256(first)
            counted, last = 0, None
            for line in stream:
                if last is not None:
                    digest.update(last)
                    counted += 1
                last = line
    except (EOFError, gzip.BadGzipFile, OSError) as error:
        if isinstance(error, FileNotFoundError):
            raise NotABackup(f"找不到文件 {path}。") from error
        raise Damaged(f"{path} 已损坏，读不完：{error}。请换一份备份。") from error
    truncated = Damaged(
        f"{path} 不完整：缺少结尾行，可能在导出或复制时被截断。"
        "数据库未作任何改动；请换一份完整的备份。"
    )
    if last is None or not last.endswith(b"\n"):
        raise truncated
    try:
        closing = parse(last, "")
    except NotABackup:
        raise truncated from None
    if closing.get("end") is not True or not isinstance(closing.get("rows"), dict):
        raise truncated
    if (
        closing.get("sha256") != digest.hexdigest()
        or sum(closing["rows"].values()) != counted
    ):
        raise Damaged(
            f"{path} 的校验和与内容不符：文件在导出后被改动或已损坏。"
            "数据库未作任何改动；请换一份备份。"
        )
    return Checked(path, header, closing["rows"], closing["sha256"])


def check_schema(checked: Checked) -> None:
    """Refuse a file from other migrations, or a database not yet migrated."""
    here = schema()
    if not any(here.values()):
        raise SchemaMismatch("数据库还没有建表：请先运行 manage.py migrate，再导入。")
    theirs = checked.header.get("schema") or {}
    differing = [
        f"{app}（文件 {theirs.get(app) or '无'}，数据库 {here.get(app) or '无'}）"
        for app in sorted(set(here) | set(theirs))
        if here.get(app) != theirs.get(app)
    ]
    if differing:
        raise SchemaMismatch(
            "导出文件与本数据库的结构版本不同："
            + "、".join(differing)
            + "。请先运行 manage.py migrate；若仍不同，请用写出该文件的程序版本导入，"
            "再升级。"
        )
    unknown = [label for label in checked.rows if label not in catalog.EXPORTED]
    if unknown:
        raise SchemaMismatch(f"文件含有本系统没有的数据表：{'、'.join(unknown)}。")


def seeded_dictionary() -> Q:
    from essays.search.dictionary import SHIPPED_TERMS

    return Q(word__in=SHIPPED_TERMS, note=SEED_NOTE)


# Tables whose apps name them in English only (the language walk of issue 15).
CHINESE_NAMES = {
    "reversion.revision": "历史修订",
    "reversion.version": "历史版本",
    "taggit.tag": "标签",
    "taggit.taggeditem": "标签关联",
    "admin.logentry": "后台操作日志",
    "auth.group": "用户组",
    "auth.user": "用户",
}


def check_empty() -> None:
    """Refuse a database that holds content; migrations' own rows are fine."""
    from essays.search.models import DictionaryTerm

    occupied = [
        CHINESE_NAMES.get(model._meta.label_lower, str(model._meta.verbose_name_plural))
        for model in catalog.exported_models()
        if model._meta.label_lower not in (*catalog.SEEDED, "auth.user")
        and model._base_manager.exists()
    ]
    if DictionaryTerm.objects.exclude(seeded_dictionary()).exists():
        occupied.append(str(DictionaryTerm._meta.verbose_name_plural))
    if occupied:
        raise NotEmpty(
            f"目标数据库已有内容（{'、'.join(occupied)}），导入只写入空数据库，"
            "以免覆盖或混入现有数据。请新建一个数据库，"
            "运行 manage.py migrate 后再导入。"
        )
