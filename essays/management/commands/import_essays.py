"""import_essays PATH...: parse scraped compilations and store (or preview) them.

Each file goes through the import service like an admin or API import: the
editors' word lists apply, and the import is recorded in the history under
the command channel (and the user named with --user). Any format the
import service reads goes: .txt, .docx, .pdf, .html/.htm, .doc (antiword).
"""

import json
import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from essays.formats.errors import FileTooLarge
from essays.importer import MAX_BYTES, EditorRules
from essays.importer.errors import ImportFailed
from essays.importer.render import report_json
from essays.models import Collection
from essays.services.imports import import_document, parse_document
from essays.services.permissions import PublishPermissionRequired
from essays.services.recording import COMMAND

NOT_MIGRATED = (
    "数据库还没有建立：请先运行 manage.py migrate（./run manage 会先建好数据库）。"
)
PARSE_ONLY = (
    "数据库还没有建立：本次预览只按导入约定解析，未用编辑词表，也未查重复文章。"
)


def database_ready() -> bool:
    """Whether the content tables exist (a fresh clone has an empty database)."""
    return Collection._meta.db_table in connection.introspection.table_names()


def read_document(path: str) -> bytes:
    """The file's bytes, refusing what is too large before reading it."""
    file = Path(path)
    if not file.exists():
        raise ImportFailed(f"找不到文件 {path}，请检查路径是否写对")
    if not file.is_file():
        raise ImportFailed(f"{path} 不是文件（可能是目录），请给出文件的路径")
    if file.stat().st_size > MAX_BYTES:
        raise FileTooLarge()
    return file.read_bytes()


class Command(BaseCommand):
    help = (
        "导入从网站下载的文章汇编。加 --dry-run --json 时只打印导入约定的 JSON，"
        "不写入任何内容。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="只解析，不写入")
        parser.add_argument("--json", action="store_true", help="打印 JSON，而不是摘要")
        parser.add_argument("--publish", action="store_true", help="发布新文章")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="替换已存的同一文档的早先版本",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="历史记录里写的操作人；指定后，发布和替换已发布的文章"
            "需要这个用户有发布权限",
        )

    def acting_user(self, username: str | None):
        if not username:
            return None  # the machine's operator
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"没有名为 {username} 的有效用户")
        return user

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        # The contract's dry run reads no stored content it cannot do without:
        # on a database not yet migrated it parses alone (and says so).
        parse_only = not database_ready()
        if parse_only and not options["dry_run"]:
            raise CommandError(NOT_MIGRATED)
        if parse_only:
            self.stderr.write(PARSE_ONLY)
        actor = None if parse_only else self.acting_user(options["user"])
        parsed, stored, errors = [], [], []
        paths = options["paths"]
        show_progress = len(paths) > 1 and sys.stderr.isatty() and not options["json"]
        for path in tqdm(
            paths, disable=not show_progress, unit="file", file=sys.stderr
        ):
            try:
                if parse_only:
                    document, _ = parse_document(
                        read_document(path), filename=path, rules=EditorRules()
                    )
                    parsed.append(document)
                    continue
                result = import_document(
                    read_document(path),
                    filename=path,
                    actor=actor,
                    channel=COMMAND,
                    publish=options["publish"],
                    replace=options["replace"],
                    dry_run=options["dry_run"],
                )
                document = result.parsed
                if result.stored is not None:
                    stored.append((document, result.stored))
            except (ImportFailed, PublishPermissionRequired) as error:
                errors.append((path, str(error)))
                self.stderr.write(f"{path}：{error}")
                continue
            parsed.append(document)
        self.report(parsed, stored, errors, options, time.perf_counter() - started)
        if errors:
            # Each bad file already has its one line on stderr.
            sys.exit(1)

    def report(self, parsed, stored, errors, options, seconds: float) -> None:
        if options["json"] and options["dry_run"]:
            self.stdout.write(
                json.dumps(report_json(parsed, errors), ensure_ascii=False)
            )
        elif options["json"]:
            self.stdout.write(
                json.dumps(stored_json(stored, errors), ensure_ascii=False)
            )
        else:
            self.stdout.write(summary(parsed, stored, errors, seconds, options))


def stored_json(stored, errors) -> dict:
    return {
        "documents": [
            {
                "path": document.source.path,
                "collection": result.collection.pk,
                "status": result.status,
                **result.counts,
                "changes": result.changes,
                "warnings": list(document.warnings),
            }
            for document, result in stored
        ],
        "errors": [{"path": path, "error": error} for path, error in errors],
    }


def summary(parsed, stored, errors, seconds: float, options) -> str:
    essays = sum(len(document.essays) for document in parsed)
    nodes = [
        node for document in parsed for essay in document.essays for node in essay.nodes
    ]
    points = sum(count_points(node) for node in nodes)
    warnings = sum(len(document.warnings) for document in parsed)
    verb = "解析" if options["dry_run"] else "读取"
    lines = [
        f"{verb} {len(parsed)} 份文档：{essays} 篇文章、{len(nodes)} 个部分、"
        f"{points} 个要点、{warnings} 条警告、{len(errors)} 个错误，"
        f"用时 {seconds:.2f} 秒"
    ]
    if stored and not options["publish"]:
        lines.append("新文章是草稿：发布后读者才能看到（--publish）")
    lines += [f"{doc.source.path}：{result.summary}" for doc, result in stored]
    lines += [f"{doc.source.path}：警告：{w}" for doc in parsed for w in doc.warnings]
    return "\n".join(lines)


def count_points(node) -> int:
    return sum(1 + count_points(child) for child in node.children)
