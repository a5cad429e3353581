"""export_kb PATH: the whole knowledge base as one versioned file.

See docs/operations.md.
"""

import sys
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from essays.backup.errors import BackupFailed
from essays.backup.exporting import export


def show_progress(options, stream) -> bool:
    """A bar only for a person watching: not with --no-progress, not into a pipe."""
    return not options["no_progress"] and stream.isatty()


class Command(BaseCommand):
    help = (
        "把整个知识库（汇编原文、文章、要点、主题、状态、编辑词表、历史、令牌、用户）"
        "写成一个带版本号的 JSON Lines 文件；以 .gz 结尾时压缩。用 import_kb 恢复。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", metavar="PATH", help="导出文件，如 kb-2026-12-01.jsonl.gz"
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="写入密码哈希和账号状态（迁移到新服务器时用）；"
            "不加时账号只带用户名，导入后停用且没有可用密码",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["path"])
        bar = tqdm(
            unit="行",
            desc="导出",
            file=sys.stderr,
            disable=not show_progress(options, sys.stderr),
        )
        try:
            with bar:
                result = export(path, bar=bar, passwords=options["with_passwords"])
        except BackupFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已导出 {result.total} 行（{len(result.rows)} 个数据表）到 {path}，"
            f"{result.size / 1_000_000:.1f} MB。"
        )
