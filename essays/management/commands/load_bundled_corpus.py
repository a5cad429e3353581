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
        "Import essays/corpus/*.txt, published, when the database holds no collection; "
        "with --with-samples also the sample documents of tests/corpus/ (marked 示例)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--with-samples",
            action="store_true",
            help="also import tests/corpus/*.txt, our own sample documents",
        )

    def handle(self, *args, **options) -> None:
        if Collection.objects.exists():
            self.stdout.write("The database already holds documents; nothing imported.")
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
                self.stderr.write(f"{path}: {error}")
                continue
            self.stdout.write(f"{path.name}: {result.stored.summary}")
