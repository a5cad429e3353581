"""Import the bundled reference document, published, into an empty database."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand

from essays.importer.errors import ImportFailed
from essays.models import Collection
from essays.services.imports import import_document
from essays.services.recording import COMMAND

BUNDLED = Path(__file__).resolve().parents[2] / "corpus"


class Command(BaseCommand):
    help = (
        "数据库里还没有汇编时，导入并发布 essays/corpus/*.txt；"
        "加 --with-samples 时也导入 tests/corpus/ 的示例文档（标为“示例”）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-samples",
            action="store_true",
            help="也导入 tests/corpus/*.txt，即本项目自己的示例文档",
        )

    def handle(self, *args, **options) -> None:
        if Collection.objects.exists():
            self.stdout.write("数据库里已有文档，未导入任何内容。")
            return
        paths = sorted(BUNDLED.glob("*.txt"))
        if options["with_samples"]:
            # Samples first, so that the real document is the newest on the site.
            samples = Path(settings.BASE_DIR) / "tests" / "corpus"
            paths = sorted(samples.glob("*.txt")) + paths
        for path in paths:
            try:
                result = import_document(
                    path.read_bytes(),
                    filename=str(path.relative_to(settings.BASE_DIR)),
                    actor=None,  # the machine's operator seeding its database
                    channel=COMMAND,
                    publish=True,
                )
            except ImportFailed as error:
                self.stderr.write(f"{path}：{error}")
                continue
            self.stdout.write(f"{path.name}：{result.stored.summary}")
