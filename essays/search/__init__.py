"""Chinese full-text search over points: query(), one entry point for all engines.

Today one backend: the query is segmented with jieba and every term must occur
in the point (title or body), its section's title or its essay's title; hits
are ranked by where their words occur (own title, then body), then reading
order. The
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


def query(
    text: str, *, topic: str | None = None, include_drafts: bool = False
) -> tuple[SearchQuery, QuerySet]:
    """Published points matching every word of `text`, best first."""
    # Imported here so that segment.py (jieba) loads without Django's models.
    from essays.models import Essay, Point

    parsed = parse_query(text)
    points = Point.objects.all()
    if not include_drafts:
        points = points.filter(essay__status=Essay.Status.PUBLISHED)
    if not parsed.terms:
        return parsed, points.none()
    relevance = Value(0)
    for term in parsed.terms:
        points = points.filter(
            Q(title__icontains=term)
            | Q(body__icontains=term)
            | Q(section__title__icontains=term)
            | Q(essay__title__icontains=term)
        )
        # A word in the point's own title counts most, in its body next; a
        # word only in the section's or essay's title still lets it match.
        relevance = relevance + Case(
            When(title__icontains=term, then=Value(3)),
            When(body__icontains=term, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    if topic:
        points = points.filter(topics__slug=topic)
    ordered = (
        points.annotate(relevance=relevance)
        .select_related("essay", "section")
        .order_by(
            "-relevance",
            "essay__collection_id",
            "essay__position",
            "section__position",
            "id",
        )
    )
    return parsed, ordered
