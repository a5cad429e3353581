"""Public reads: published content only (drafts for a staff token that asks)."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from ninja import Field as Param
from ninja import Query, Schema

from essays import search, selectors
from essays.api import represent, routers
from essays.api.auth import may_see_drafts
from essays.api.routers import READ
from essays.schemas import (
    MAX_ID,
    Category,
    CollectionPage,
    EssayPage,
    EssayTreeOut,
    IdParam,
    PointPage,
    PointTreeOut,
    SearchPage,
    SectionTreeOut,
    TopicPage,
)
from essays.search.highlight import highlight, snippet

MAX_LIMIT = 100


class Paging(Schema):
    limit: int = Param(20, ge=1, le=MAX_LIMIT, description="Items per page")
    offset: int = Param(0, ge=0, le=MAX_ID, description="Items to skip")
    include_drafts: bool = Param(False, description="Drafts too (staff tokens only)")


def page(queryset, paging: Paging) -> tuple[list, int]:
    return list(
        queryset[paging.offset : paging.offset + paging.limit]
    ), queryset.count()


class EssayFilters(Paging):
    topic: str | None = Param(
        None, description="Topic slug", examples=["tong-zhan-gong-zuo"]
    )
    collection: IdParam | None = Param(None, description="Collection id")
    category: Category | None = Param(
        None, description="Has a section of this category"
    )
    q: str | None = Param(
        None, max_length=200, description="Words in the title or text"
    )
    ordering: Literal[tuple(selectors.ESSAY_ORDERINGS)] = Param("-published_at")  # type: ignore[valid-type]


@routers.essays.get("/essays", auth=READ, response=EssayPage, summary="List essays")
def list_essays(request: HttpRequest, filters: Query[EssayFilters]):
    """Published essays, filtered and ordered, with the total `count`."""
    essays = selectors.essay_list(
        topic=filters.topic or "",
        category=filters.category or "",
        collection=filters.collection,
        words=filters.q or "",
        ordering=filters.ordering,
        include_drafts=may_see_drafts(request, filters.include_drafts),
    )
    items, count = page(essays, filters)
    return {"count": count, "items": [represent.essay_out(request, e) for e in items]}


@routers.essays.get(
    "/essays/{slug}",
    auth=READ,
    response=EssayTreeOut,
    summary="One essay with its tree",
)
def get_essay(
    request: HttpRequest,
    slug: str,
    response: HttpResponse,
    include_drafts: bool = False,
):
    """The essay with sections -> points -> sub-points, labels as written."""
    tree = selectors.essay_tree(
        slug, include_drafts=may_see_drafts(request, include_drafts), point_topics=True
    )
    # With the ETag, lets clients ask If-Modified-Since (304 when unchanged).
    response["Last-Modified"] = http_date(tree.last_modified.timestamp())
    return represent.essay_tree_out(request, tree)


@routers.sections.get(
    "/sections/{section_id}", auth=READ, response=SectionTreeOut, summary="One section"
)
def get_section(
    request: HttpRequest, section_id: IdParam, include_drafts: bool = False
):
    """A section with its points and sub-points."""
    drafts = may_see_drafts(request, include_drafts)
    node = selectors.section_tree(section_id, include_drafts=drafts)
    return represent.section_tree_out(request, node, node.section.essay)


class PointFilters(Paging):
    topic: str | None = Param(None, description="Topic slug")
    essay: str | None = Param(None, description="Essay slug")
    category: Category | None = Param(
        None, description="Category of the point's section"
    )
    q: str | None = Param(None, max_length=200, description="Every word must occur")


@routers.points.get("/points", auth=READ, response=PointPage, summary="List points")
def list_points(request: HttpRequest, filters: Query[PointFilters]):
    """Points of published essays in reading order, filtered."""
    points = selectors.point_list(
        topic=filters.topic or "",
        essay=filters.essay or "",
        category=filters.category or "",
        words=filters.q or "",
        include_drafts=may_see_drafts(request, filters.include_drafts),
    )
    items, count = page(points, filters)
    return {
        "count": count,
        "items": [represent.flat_point_out(request, p) for p in items],
    }


@routers.points.get(
    "/points/{point_id}", auth=READ, response=PointTreeOut, summary="One point"
)
def get_point(request: HttpRequest, point_id: IdParam, include_drafts: bool = False):
    """A point with its sub-points (to any depth)."""
    drafts = may_see_drafts(request, include_drafts)
    node = selectors.point_tree(point_id, include_drafts=drafts)
    return represent.point_tree_out(request, node, node.point.essay.slug)


@routers.topics.get("/topics", auth=READ, response=TopicPage, summary="List topics")
def list_topics(request: HttpRequest, paging: Query[Paging]):
    """Topics used by published content, with essay and point counts."""
    drafts = may_see_drafts(request, paging.include_drafts)
    items, count = page(selectors.topics_with_counts(include_drafts=drafts), paging)
    return {"count": count, "items": [represent.topic_out(request, t) for t in items]}


@routers.collections.get(
    "/collections", auth=READ, response=CollectionPage, summary="List collections"
)
def list_collections(request: HttpRequest, paging: Query[Paging]):
    """Source documents that have published essays."""
    drafts = may_see_drafts(request, paging.include_drafts)
    collections = selectors.collections_with_counts(include_drafts=drafts)
    items, count = page(collections, paging)
    return {
        "count": count,
        "items": [represent.collection_out(request, c) for c in items],
    }


class SearchFilters(Paging):
    q: str = Param(..., min_length=1, max_length=200, examples=["统战 建议"])
    topic: str | None = Param(None, description="Topic slug")


@routers.search.get("/search", auth=READ, response=SearchPage, summary="Search points")
def search_points(request: HttpRequest, filters: Query[SearchFilters]):
    """Points matching every word of `q` (segmented with jieba), highlighted."""
    drafts = may_see_drafts(request, filters.include_drafts)
    parsed, points = search.query(filters.q, topic=filters.topic, include_drafts=drafts)
    items, count = page(selectors.with_point_relations(points), filters)
    hits = [
        {
            "point": represent.flat_point_out(request, point),
            "essay_title": point.essay.title,
            "section_title": f"{point.section.label}{point.section.title}",
            "title_html": highlight(f"{point.label}{point.title}", parsed.terms),
            "snippet_html": snippet(point.body, parsed.terms),
        }
        for point in items
    ]
    return {"count": count, "items": hits}
