"""Rebuild the search index from every essay, section and point."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from essays.models import Essay
from essays.search import indexing
from essays.search.backends import get_search_backend


class Command(BaseCommand):
    help = "重建搜索索引（全部文章、部分与要点）。"

    def handle(self, *args, **options) -> None:
        with tqdm(
            total=Essay.objects.count(), unit="篇", desc="重建索引", file=self.stderr
        ) as bar:
            total = indexing.rebuild(progress=bar.update)
        backend = get_search_backend()
        backend.rebuild()
        self.stdout.write(f"已索引 {total} 条（{backend.name}）。")
