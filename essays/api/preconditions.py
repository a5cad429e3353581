"""`If-Match` on writes: 412 when the resource changed since the client read it.

The entity tag is the one a read of the resource carries: Django's
ConditionalGetMiddleware hashes the GET body (essay tree, section, point), so
the same body is rendered here and hashed the same way. Without `If-Match` a
write goes ahead as before; `If-Match: *` only asks that the resource exist.
"""

from django.http import HttpRequest
from django.utils.cache import quote_etag
from django.utils.http import parse_etags
from ninja import Schema
from ninja.errors import HttpError

from essays import selectors
from essays.schemas import EssayTreeOut, PointTreeOut, SectionTreeOut

STALE = "内容在你读取之后已被修改(ETag 不符);请重新读取后再提交修改。"


def representation_etag(request: HttpRequest, schema: type[Schema], node) -> str:
    """The ETag a GET of `node` answers with (md5 of the same JSON bytes)."""
    from hashlib import md5

    from kb.api import api

    data = schema.model_validate(node, context={"request": request}).model_dump()
    body = api.renderer.render(request, data, response_status=200)
    return quote_etag(md5(body.encode(), usedforsecurity=False).hexdigest())


def check(request: HttpRequest, schema: type[Schema], load) -> None:
    header = request.headers.get("If-Match")
    if header is None:
        return
    node = load()  # a 404 for a resource that is gone, as without the header
    if header.strip() == "*":
        return
    if representation_etag(request, schema, node) not in parse_etags(header):
        raise HttpError(412, STALE)


def check_essay(request: HttpRequest, slug: str) -> None:
    """412 unless If-Match (if sent) names the essay tree's current ETag."""
    check(
        request,
        EssayTreeOut,
        lambda: selectors.essay_tree(slug, include_drafts=True, point_topics=True),
    )


def check_section(request: HttpRequest, section_id: int) -> None:
    check(
        request,
        SectionTreeOut,
        lambda: selectors.section_tree(section_id, include_drafts=True),
    )


def check_point(request: HttpRequest, point_id: int) -> None:
    check(
        request,
        PointTreeOut,
        lambda: selectors.point_tree(point_id, include_drafts=True),
    )
