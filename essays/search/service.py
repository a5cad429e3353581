"""search(): the one function pages, the API and the admin call."""

from essays.models import Essay, Topic
from essays.search import dictionary, suggest
from essays.search.backends import get_search_backend
from essays.search.highlight import highlight, snippet
from essays.search.models import Entry
from essays.search.plan import Filters, build_plan
from essays.search.results import Hit, ResultPage, SearchResults
from essays.search.syntax import ParsedQuery, parse_query

PER_PAGE = 20
MAX_PER_PAGE = 1000
MAX_PAGE = 500  # deeper than any reader goes; bounds OFFSET
# What the engine matched on; a hit shows the stored text instead.
INDEXED_TEXT = ("title", "body", "title_tokens", "body_tokens")


def filters_for(
    *, kind=None, topic=None, category=None, collection=None, essay=None
) -> Filters | None:
    """Slugs to ids; None when a filter names nothing (so nothing matches)."""
    topic_id = essay_id = None
    if topic:
        topic_id = Topic.objects.filter(slug=topic).values_list("pk", flat=True).first()
        if topic_id is None:
            return None
    if essay:
        essay_id = Essay.objects.filter(slug=essay).values_list("pk", flat=True).first()
        if essay_id is None:
            return None
    if kind and kind not in Entry.Kind.values:
        return None
    return Filters(
        kind=kind or None,
        essay_id=essay_id,
        collection_id=int(collection) if collection else None,
        category=category or None,
        topic_id=topic_id,
    )


def search(
    text: str,
    *,
    kind: str | None = None,
    topic: str | None = None,
    category: str | None = None,
    collection: int | None = None,
    essay: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    offset: int | None = None,
    include_drafts: bool = False,
    suggestions: bool = True,
) -> SearchResults:
    """Hits for `text`, best first: a page of them, counts per kind, suggestions.

    Drafts are never found unless `include_drafts` (staff): visibility is the
    model's published(), joined to every engine's query.
    """
    dictionary.load()
    parsed = parse_query(text)
    per_page = max(0, min(per_page, MAX_PER_PAGE))  # 0: counts only
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * per_page if offset is None else offset
    results = SearchResults(query=parsed, page=ResultPage(page, per_page or 1, 0))
    filters = filters_for(
        kind=kind, topic=topic, category=category, collection=collection, essay=essay
    )
    if not parsed.positive or filters is None:
        return results
    visible = None if include_drafts else Essay.objects.published()
    backend = get_search_backend()
    results.backend = backend.name
    plan = build_plan(parsed, filters, visible)
    matches = backend.search(plan, offset=offset, limit=per_page)
    results.counts = matches.counts
    results.is_capped = matches.is_capped
    results.total = (
        matches.counts.get(kind, 0) if kind else sum(matches.counts.values())
    )
    results.page = ResultPage(page, per_page or 1, results.total)
    results.hits = hits_for(matches.ranked, parsed)
    if not results.total and suggestions:
        results.suggestions = suggested(parsed, filters, visible, backend)
    return results


def hits_for(ranked: list[tuple[int, float]], parsed: ParsedQuery) -> list[Hit]:
    entries = Entry.objects.filter(pk__in=[entry_id for entry_id, _ in ranked])
    by_id = {
        entry.pk: entry
        for entry in entries.select_related(
            "essay__collection", "section", "point"
        ).defer(*INDEXED_TEXT)
    }
    terms = parsed.terms
    hits = []
    for entry_id, score in ranked:
        entry = by_id.get(entry_id)
        if entry is None:  # a cluster's copy of an entry since deleted
            continue
        node = entry.point or entry.section
        if node is not None:
            title = f"{node.label}{node_title(node)}"
            text = node.body
        else:
            title = entry.essay.title
            text = "\n".join(filter(None, [entry.essay.lead, entry.essay.closing]))
        hits.append(
            Hit(
                kind=entry.kind,
                score=score,
                essay=entry.essay,
                section=entry.section,
                point=entry.point,
                title_html=highlight(title, terms),
                snippet_html=snippet(text.replace("\n", " "), terms),
            )
        )
    return hits


def suggested(parsed: ParsedQuery, filters, visible, backend) -> list[str]:
    """Queries one close term away from `parsed` that find something."""
    found: list[str] = []
    for part in parsed.positive:
        for candidate in suggest.candidates(part):
            text = parsed.replaced(part, candidate)
            plan = build_plan(parse_query(text), filters, visible)
            if text not in found and backend.count(plan):
                found.append(text)
            if len(found) >= 3:
                return found
    return found


def node_title(node) -> str:
    """A hit's title, never a placeholder: an untitled node is named by its words."""
    from essays.models import Section
    from essays.typography import first_sentence, section_heading

    if isinstance(node, Section):
        return section_heading(node, [])
    return node.title or first_sentence(node.body) or f"第{node.position}条"
