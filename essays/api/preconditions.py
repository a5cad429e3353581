"""`If-Match` on writes: 412 when the resource changed since the client read it.

The entity tag is the one a read of the resource carries: Django's
ConditionalGetMiddleware hashes the GET body (essay tree, section, point), so
the same body is rendered here and hashed the same way. Without `If-Match` a
write goes ahead as before; `If-Match: *` only asks that the resource exist.

The check and the write are one transaction: with `If-Match`, the endpoint's
write runs inside `with preconditions.essay(...)` (or `section`, `point`),
which first takes the lock the write itself would take (the essay's, after
its collection's for a delete: `services/locks.py`'s order) and the essay's
row, then compares the ETag, so no other writer can change the resource
between the comparison and the write.
"""

from contextlib import contextmanager, nullcontext

from django.db import transaction
from django.http import HttpRequest
from django.utils.cache import quote_etag
from django.utils.http import parse_etags
from ninja import Schema
from ninja.errors import HttpError

from essays import selectors
from essays.models import Essay, Point, Section
from essays.schemas import EssayTreeOut, PointTreeOut, SectionTreeOut
from essays.services import locks

STALE = "内容在你读取之后已被修改（ETag 不符）；请重新读取后再提交修改。"


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


@contextmanager
def locked(essay_id: int | None, *, with_collection: bool = False):
    """A transaction holding the essay's lock (and row) for a conditional write."""
    with transaction.atomic():
        row = Essay.objects.filter(pk=essay_id).values("collection_id").first()
        if row is not None:
            if with_collection:
                locks.collection(row["collection_id"])
            locks.essay(essay_id, row["collection_id"])
            # Publishing changes the essay's row without the tree's lock.
            list(Essay.objects.select_for_update().filter(pk=essay_id).values("pk"))
        yield


def conditional(request: HttpRequest) -> bool:
    return request.headers.get("If-Match") is not None


def essay(request: HttpRequest, slug: str, *, deleting: bool = False):
    """Check If-Match (if sent) against the essay tree, the write to follow inside."""
    if not conditional(request):
        return nullcontext()
    return guarded(
        locked(
            Essay.objects.filter(slug=slug).values_list("pk", flat=True).first(),
            with_collection=deleting,
        ),
        lambda: check_essay(request, slug),
    )


def section(request: HttpRequest, section_id: int):
    if not conditional(request):
        return nullcontext()
    essay_id = (
        Section.objects.filter(pk=section_id).values_list("essay_id", flat=True).first()
    )
    return guarded(locked(essay_id), lambda: check_section(request, section_id))


def point(request: HttpRequest, point_id: int):
    if not conditional(request):
        return nullcontext()
    essay_id = (
        Point.objects.filter(pk=point_id)
        .values_list("section__essay_id", flat=True)
        .first()
    )
    return guarded(locked(essay_id), lambda: check_point(request, point_id))


@contextmanager
def guarded(lock, compare):
    with lock:
        compare()
        yield


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
