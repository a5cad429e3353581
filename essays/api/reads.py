"""Public reads: published content only (drafts for a staff token that asks)."""

import datetime
import math
import time
from dataclasses import dataclass
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from ninja import Field as Param
from ninja import Query, Schema
from ninja.errors import ValidationError as SchemaRefused
from ninja.pagination import paginate

from essays import changes, search, selectors
from essays.api import routers
from essays.api.auth import may_see_drafts
from essays.api.pagination import CountedPage
from essays.api.routers import READ
from essays.schemas import (
    Category,
    ChangesOut,
    CollectionOut,
    EssayOut,
    EssayTreeOut,
    IdParam,
    PointOut,
    PointTreeOut,
    SearchHitOut,
    SectionTreeOut,
    TopicOut,
)


class Drafts(Schema):
    include_drafts: bool = Param(False, description="Drafts too (staff tokens only)")


# An ISO 8601 time, never a number (pydantic would read "0.5" as a timestamp).
ISO_TIME = (
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:?\d{2})?$"
)


class Listed(Drafts):
    updated_since: str | None = Param(
        None,
        pattern=ISO_TIME,
        description="Only what changed at or after this time (ISO 8601; UTC "
        "without an offset). Deletions: GET /changes",
        examples=["2026-01-01T00:00:00Z"],
    )

    def since(self) -> datetime.datetime | None:
        if self.updated_since is None:
            return None
        try:
            moment = parse_datetime(self.updated_since)
        except ValueError:
            moment = None
        if moment is None:
            raise SchemaRefused(
                [
                    {
                        "type": "datetime_parsing",
                        "loc": ["query", "updated_since"],
                        "msg": "updated_since 不是有效的 ISO 8601 时间",
                    }
                ]
            )
        if timezone.is_naive(moment):
            return timezone.make_aware(moment, datetime.UTC)
        return moment


class EssayFilters(Listed):
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


@routers.essays.get(
    "/essays", auth=READ, response=list[EssayOut], summary="List essays"
)
@paginate(CountedPage)
def list_essays(request: HttpRequest, filters: Query[EssayFilters]):
    """Published essays, filtered and ordered, with the total `count`."""
    return selectors.essay_list(
        topic=filters.topic or "",
        category=filters.category or "",
        collection=filters.collection,
        words=filters.q or "",
        ordering=filters.ordering,
        include_drafts=may_see_drafts(request, filters.include_drafts),
        updated_since=filters.since(),
    )


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
    # HTTP dates count whole seconds: while the last change's second lasts,
    # another write could share it and a 304 would be stale, so the header
    # waits for that second to end (the ETag serves meanwhile).
    changed = tree.last_modified.timestamp()
    if math.floor(changed) < math.floor(time.time()):
        response["Last-Modified"] = http_date(changed)
    return tree


@routers.sections.get(
    "/sections/{section_id}", auth=READ, response=SectionTreeOut, summary="One section"
)
def get_section(
    request: HttpRequest, section_id: IdParam, include_drafts: bool = False
):
    """A section with its points and sub-points."""
    drafts = may_see_drafts(request, include_drafts)
    return selectors.section_tree(section_id, include_drafts=drafts)


class PointFilters(Listed):
    topic: str | None = Param(None, description="Topic slug")
    essay: str | None = Param(None, description="Essay slug")
    category: Category | None = Param(
        None, description="Category of the point's section"
    )
    q: str | None = Param(None, max_length=200, description="Every word must occur")


@routers.points.get(
    "/points", auth=READ, response=list[PointOut], summary="List points"
)
@paginate(CountedPage)
def list_points(request: HttpRequest, filters: Query[PointFilters]):
    """Points of published essays in reading order, filtered."""
    return selectors.point_list(
        topic=filters.topic or "",
        essay=filters.essay or "",
        category=filters.category or "",
        words=filters.q or "",
        include_drafts=may_see_drafts(request, filters.include_drafts),
        updated_since=filters.since(),
    )


@routers.points.get(
    "/points/{point_id}", auth=READ, response=PointTreeOut, summary="One point"
)
def get_point(request: HttpRequest, point_id: IdParam, include_drafts: bool = False):
    """A point with its sub-points (to any depth)."""
    drafts = may_see_drafts(request, include_drafts)
    return selectors.point_tree(point_id, include_drafts=drafts)


@routers.topics.get(
    "/topics", auth=READ, response=list[TopicOut], summary="List topics"
)
@paginate(CountedPage)
def list_topics(request: HttpRequest, filters: Query[Listed]):
    """Topics used by published content, with essay and point counts."""
    drafts = may_see_drafts(request, filters.include_drafts)
    return selectors.topics_with_counts(
        include_drafts=drafts, updated_since=filters.since()
    )


@routers.collections.get(
    "/collections",
    auth=READ,
    response=list[CollectionOut],
    summary="List collections",
)
@paginate(CountedPage)
def list_collections(request: HttpRequest, filters: Query[Listed]):
    """Source documents that have published essays."""
    drafts = may_see_drafts(request, filters.include_drafts)
    return selectors.collections_with_counts(
        include_drafts=drafts, updated_since=filters.since()
    )


class SearchFilters(Drafts):
    q: str = Param(
        ...,
        min_length=1,
        max_length=200,
        examples=["统战 建议"],
        description='Words (all must occur), "a phrase", -excluded',
    )
    kind: Literal["point", "section", "essay"] | None = Param(
        None, description="Only hits of this kind"
    )
    topic: str | None = Param(None, description="Topic slug")
    category: Category | None = Param(None, description="Points and sections of it")
    collection: IdParam | None = Param(None, description="Collection id")
    essay: str | None = Param(None, description="Essay slug")


@dataclass
class SearchHits:
    """One search for the paginator: count() is the total, a slice one page."""

    filters: SearchFilters
    include_drafts: bool

    def run(self, **page):
        options = self.filters.dict(exclude={"q", "include_drafts"})
        return search.search(
            self.filters.q, include_drafts=self.include_drafts, **options, **page
        )

    def count(self) -> int:
        return self.run(per_page=0, suggestions=False).total

    def __getitem__(self, page: slice) -> list:
        limit = page.stop - page.start
        return self.run(offset=page.start, per_page=limit, suggestions=False).hits


@routers.search.get(
    "/search",
    auth=READ,
    response=list[SearchHitOut],
    summary="Search points, sections and essays",
)
@paginate(CountedPage)
def search_points(request: HttpRequest, filters: Query[SearchFilters]):
    """Hits for `q` (jieba-segmented; traditional, numerals folded), best first."""
    return SearchHits(filters, may_see_drafts(request, filters.include_drafts))


class ChangeFilters(Drafts):
    since: str = Param(
        ...,
        min_length=1,
        max_length=40,
        description="An ISO 8601 time, or the `cursor` of the previous page",
        examples=["2026-01-01T00:00:00Z", "r120"],
    )
    limit: int = Param(20, ge=1, le=100, description="Revisions (writes) per page")


@routers.changes.get(
    "/changes",
    auth=READ,
    response=ChangesOut,
    summary="Essays, sections and points created, updated or deleted",
)
def list_changes(
    request: HttpRequest, response: HttpResponse, filters: Query[ChangeFilters]
):
    """What changed after `since`, oldest first, paged by cursor (follow `Link`).

    Derived from the history every write records; a deleted essay's sections
    and points go with it. Public readers see changes of published essays.
    """
    drafts = may_see_drafts(request, filters.include_drafts)
    try:
        page = changes.change_feed(
            filters.since, limit=filters.limit, include_drafts=drafts
        )
    except changes.BadCursor as error:
        raise SchemaRefused(
            [
                {
                    "type": "value_error",
                    "loc": ["query", "since"],
                    "msg": "since 应是 ISO 8601 时间或上一页的 cursor",
                }
            ]
        ) from error
    if page.more:
        query = request.GET.copy()
        query["since"] = page.cursor
        url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        response["Link"] = f'<{url}>; rel="next"'
    return page
