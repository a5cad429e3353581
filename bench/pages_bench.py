"""Does page time stay flat as content grows? Essay and topic pages at 1x/10x/100x.

    .venv/bin/python bench/pages_bench.py

Server time (Django's test client, in process: URL routing, queries, templates,
middleware; no network) of the essay page for an essay with 1x, 10x and 100x
the sections of the reference document's 统战 essay, and of the 统战工作 topic
page with 1, 10 and 100 copies of the reference document imported, each as a
ratio to a static page (the 404 template, no queries) timed in the same run.
"""

import dataclasses
import hashlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REFERENCE, median_seconds, setup_django, sqlite_url

SIZES = (1, 10, 100)
REPEAT = 15


def copy_of_reference(copy: int):
    """The parsed reference document as a distinct collection (own title, hash)."""
    from essays.importer import parse

    document = parse(REFERENCE.read_bytes(), path="reference.txt")
    source = dataclasses.replace(
        document.source,
        title=f"{document.source.title}(副本{copy})",
        sha256=hashlib.sha256(f"{document.source.sha256}-{copy}".encode()).hexdigest(),
    )
    return dataclasses.replace(document, source=source)


def long_essay(copies: int):
    """One essay holding the 统战 essay's sections `copies` times over."""
    document = copy_of_reference(1000 + copies)
    essay = next(e for e in document.essays if "统战" in e.title)
    long = dataclasses.replace(
        essay, title=f"统战工作长文{copies}倍", nodes=essay.nodes * copies
    )
    return dataclasses.replace(document, essays=(long,))


def main() -> None:
    setup_django(os.environ.get("BENCH_DATABASE_URL") or sqlite_url())
    from django.test import Client, RequestFactory
    from django.views.generic import TemplateView

    from essays.models import Essay, Point
    from essays.writer import store_document

    client = Client()
    static_view = TemplateView.as_view(template_name="404.html")
    request = RequestFactory().get("/static-page/")
    static = median_seconds(lambda: static_view(request).render(), repeat=REPEAT * 4)

    def page_time(url: str) -> float:
        assert client.get(url).status_code == 200, url
        return median_seconds(lambda: client.get(url), repeat=REPEAT)

    print(f"static page (baseline): {static * 1000:.2f} ms")
    print("  page  size  points       ms  x static  ms/point")

    def report(page: str, copies: int, points: int, seconds: float) -> None:
        print(
            f"{page:>6} {copies:>4}x {points:>7} {seconds * 1000:8.2f} "
            f"{seconds / static:9.1f} {seconds * 1000 / points:9.3f}"
        )

    imported = 0
    for copies in SIZES:  # topics first: the long essays below are on 统战 too
        while imported < copies:
            imported += 1
            store_document(copy_of_reference(imported), publish=True)
        points = Point.objects.filter(topics__slug="tong-zhan-gong-zuo").count()
        report("topic", copies, points, page_time("/topics/tong-zhan-gong-zuo/"))
    for copies in SIZES:
        store_document(long_essay(copies), publish=True)
        essay = Essay.objects.get(title=f"统战工作长文{copies}倍")
        report(
            "essay", copies, essay.points.count(), page_time(essay.get_absolute_url())
        )


if __name__ == "__main__":
    main()
