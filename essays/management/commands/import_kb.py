"""import_kb PATH: restore an export_kb file into an empty database.

See docs/operations.md.
"""

import sys
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from essays.backup.errors import BackupFailed
from essays.backup.importing import restore
from essays.management.commands.export_kb import show_progress


class Command(BaseCommand):
    help = (
        "把 export_kb 写出的文件导入一个空数据库（先运行 migrate）："
        "编号与时间原样保留，"
        "随后重建搜索索引与重复检测指纹。文件有误或数据库已有内容时什么也不写。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", metavar="PATH", help="export_kb 写出的文件")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, **options) -> None:
        visible = show_progress(options, sys.stderr)

        def progress(desc: str, total: int, unit: str) -> tqdm:
            return tqdm(
                total=total, desc=desc, unit=unit, file=sys.stderr, disable=not visible
            )

        try:
            result = restore(Path(options["path"]), progress=progress)
        except BackupFailed as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"已导入 {result.total} 行；搜索索引 {result.search_entries} 条，"
            f"重复检测指纹 {result.fingerprints} 篇，均已重建。"
        )
        if result.users_matched:
            self.stdout.write(
                "这些用户名在数据库中已存在，沿用现有账号："
                + "、".join(result.users_matched)
                + "。"
            )
        if result.skipped_permissions:
            self.stderr.write(
                f"有 {result.skipped_permissions} 项权限在本系统中不存在，已跳过。"
            )
