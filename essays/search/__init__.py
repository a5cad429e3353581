"""Chinese full-text search: `search()`, one entry point for every engine.

Pages, the API and the admin call `search()` and get typed hits (results.py),
never a QuerySet to refine. Text is normalized (normalize.py: simplified,
half-width, numerals as digits) and segmented once with jieba (segment.py);
the same tokens feed every backend behind `get_search_backend()`: PostgreSQL
full-text search, SQLite FTS5 or an OpenSearch cluster (docs/search.md).

This module imports no models at import time: tagging loads segment.py
before Django's apps are ready.
"""

MAX_LEGACY_HITS = 1000


def search(text: str, **options):
    """See essays.search.service.search."""
    from essays.search.service import search as run

    return run(text, **options)


def get_search_backend(name: str | None = None):
    from essays.search.backends import get_search_backend as backend

    return backend(name)


def parse_query(text: str):
    from essays.search.syntax import parse_query as parse

    return parse(text)


def query(text: str, *, topic: str | None = None, include_drafts: bool = False):
    """Points matching `text` as a QuerySet, best first (at most 1,000).

    Kept for the API's point and essay lists' `q` until they move to
    `search()`; new callers use `search()`.
    """
    from django.db.models import Case, IntegerField, When

    from essays.models import Point
    from essays.search.service import search as run

    results = run(
        text,
        kind="point",
        topic=topic,
        per_page=MAX_LEGACY_HITS,
        include_drafts=include_drafts,
        suggestions=False,
    )
    ids = [hit.point.pk for hit in results.hits]
    order = Case(
        *[When(pk=pk, then=rank) for rank, pk in enumerate(ids)],
        output_field=IntegerField(),
    )
    points = Point.objects.filter(pk__in=ids)
    return results.query, points.order_by(order) if ids else points.none()
