"""Chinese full-text search over points: query(), one entry point for all engines.

Today one backend: the query is segmented with jieba and every term must occur
in the point (title or body), its section's title or its essay's title;
points whose own title holds every term come first, then reading order. The
search-engine issue adds a backend per database (tsvector, FTS5) behind the
same function.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from essays.search.segment import query_terms

MAX_TERMS = 10  # a pasted paragraph is not a query; its first words are enough


@dataclass
class SearchQuery:
    text: str
    terms: list[str]


def parse_query(text: str) -> SearchQuery:
    text = " ".join(text.split())[:200]
    return SearchQuery(text=text, terms=query_terms(text)[:MAX_TERMS])


def query(text: str, *, topic: str | None = None) -> tuple[SearchQuery, QuerySet]:
    """Published points matching every word of `text`, best first."""
    # Imported here so that segment.py (jieba) loads without Django's models.
    from essays.models import Essay, Point

    parsed = parse_query(text)
    points = Point.objects.filter(essay__status=Essay.Status.PUBLISHED)
    if not parsed.terms:
        return parsed, points.none()
    in_title = Q()
    for term in parsed.terms:
        points = points.filter(
            Q(title__icontains=term)
            | Q(body__icontains=term)
            | Q(section__title__icontains=term)
            | Q(essay__title__icontains=term)
        )
        in_title &= Q(title__icontains=term)
    if topic:
        points = points.filter(topics__slug=topic)
    points = points.annotate(
        title_rank=Case(
            When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )
    ordered = points.select_related("essay", "section").order_by(
        "title_rank",
        "essay__collection_id",
        "essay__position",
        "section__position",
        "id",
    )
    return parsed, ordered
