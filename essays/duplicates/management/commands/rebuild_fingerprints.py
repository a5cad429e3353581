"""manage.py rebuild_fingerprints: fingerprint every stored essay again."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from essays.duplicates.index import remember
from essays.models import Essay

CHUNK = 500  # essays per transaction: short transactions, few queries each


class Command(BaseCommand):
    help = "为全部文章重新计算重复检测指纹（首次部署或更改方法后运行）。"

    def handle(self, *args, **options) -> None:
        essays = Essay.objects.order_by("pk")
        total = essays.count()
        stored, last_pk = 0, 0
        with tqdm(total=total, unit="篇", disable=options["verbosity"] < 1) as bar:
            while chunk := list(essays.filter(pk__gt=last_pk)[:CHUNK]):
                stored += remember(chunk)
                last_pk = chunk[-1].pk
                bar.update(len(chunk))
        self.stdout.write(
            f"已为 {stored} 篇文章计算指纹（共 {total} 篇，无正文的跳过）。"
        )
