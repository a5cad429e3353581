"""The API's lists: `limit`/`offset` in, `{count, items}` out (ninja's @paginate)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from essays.schemas import MAX_ID

MAX_LIMIT = 100


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Items per page")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Items to skip")


class CountedPage(PaginationBase):
    """A slice of a queryset (or anything with count() and slicing) and its total.

    The handler returns the whole filtered, ordered queryset; this takes one
    page of it and counts it, so every list costs the same queries whatever
    its length (page, count, prefetches).
    """

    Input = PageParams

    class Output(Schema):
        count: int = Field(..., description="Items in the whole list")
        items: list[Any]

    def paginate_queryset(
        self, queryset, pagination: PageParams, request: HttpRequest, **params
    ) -> dict:
        end = pagination.offset + pagination.limit
        count = queryset.count()
        # For the Link header (essays/api/conventions.py).
        request.api_page = (count, pagination.offset, pagination.limit)
        return {"count": count, "items": list(queryset[pagination.offset : end])}
