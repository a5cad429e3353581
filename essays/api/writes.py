"""Writes with a read-write token: essays, sections, points, order, topics, status.

Each handler checks the token user's model permission, then calls a service;
what it returns is the changed resource in the read schema.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status
from ninja.errors import HttpError

from essays import selectors
from essays.api import preconditions, routers
from essays.api.auth import require, token_of
from essays.api.errors import Refused
from essays.api.routers import WRITE
from essays.models import Collection, Essay, Point, Section
from essays.schemas import (
    EssayIn,
    EssayOut,
    EssayPatch,
    IdParam,
    OrderIn,
    PointIn,
    PointPatch,
    PointTreeOut,
    SectionIn,
    SectionPatch,
    SectionTreeOut,
    TopicsIn,
)
from essays.services import editing, ordering, publishing, topics
from essays.services.recording import Channel


def lines(paragraphs: list[str] | None) -> str | None:
    """Paragraph lists are stored one paragraph a line."""
    if paragraphs is None:
        return None
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def text_fields(data: dict) -> dict:
    return {
        k: lines(v) if k in {"body", "lead", "closing"} else v for k, v in data.items()
    }


def acting(request: HttpRequest) -> dict:
    """The token's user and the API channel (with the token's name), for services."""
    token = token_of(request)
    return {"actor": token.user if token else None, "channel": Channel.api(token)}


def essay_for_write(slug: str) -> Essay:
    return get_object_or_404(Essay.objects.select_related("collection"), slug=slug)


# What a write answers is read back through the selectors, drafts included
# (the writer may not be staff), and serialised by the read schemas.


def essay_result(request: HttpRequest, essay: Essay) -> Essay:
    return selectors.essay_list(include_drafts=True).get(pk=essay.pk)


def section_result(request: HttpRequest, section: Section) -> selectors.SectionNode:
    return selectors.section_tree(section.pk, include_drafts=True)


def point_result(request: HttpRequest, point: Point) -> selectors.PointNode:
    return selectors.point_tree(point.pk, include_drafts=True)


@routers.essays.post(
    "/essays", auth=WRITE, response={201: EssayOut}, summary="Create an essay"
)
def create_essay(request: HttpRequest, data: EssayIn):
    """A new draft essay at the end of a collection; 409 if the slug is taken."""
    require(request, "essays.add_essay")
    collection = get_object_or_404(Collection, pk=data.collection)
    fields = text_fields(data.dict(exclude={"collection"}, exclude_none=True))
    if fields.get("slug") and Essay.objects.filter(slug=fields["slug"]).exists():
        raise Refused(409, f"网址别名“{fields['slug']}”已被占用。", "conflict")
    # A clash with a concurrent writer (IntegrityError) is kb/api.py's 409.
    essay = editing.create_essay(collection, **acting(request), **fields)
    return Status(201, essay_result(request, essay))


@routers.essays.patch(
    "/essays/{slug}", auth=WRITE, response=EssayOut, summary="Change an essay"
)
def update_essay(request: HttpRequest, slug: str, data: EssayPatch):
    """Change the fields given; the slug never changes."""
    require(request, "essays.change_essay")
    with preconditions.essay(request, slug):
        essay = essay_for_write(slug)
        fields = text_fields(data.dict(exclude_unset=True))
        editing.update(essay, **acting(request), **fields)
        return essay_result(request, essay)


@routers.essays.delete(
    "/essays/{slug}", auth=WRITE, response={204: None}, summary="Delete an essay"
)
def delete_essay(request: HttpRequest, slug: str):
    """Delete the essay with its sections and points (published: publishers only)."""
    require(request, "essays.delete_essay")
    with preconditions.essay(request, slug, deleting=True):
        editing.delete(essay_for_write(slug), **acting(request))
        return Status(204, None)


@routers.essays.post(
    "/essays/{slug}/publish", auth=WRITE, response=EssayOut, summary="Publish an essay"
)
def publish(request: HttpRequest, slug: str):
    """Make the essay public (needs the publish permission)."""
    with preconditions.essay(request, slug):
        essay = essay_for_write(slug)
        publishing.publish_essays([essay], **acting(request))
        return essay_result(request, essay)


@routers.essays.post(
    "/essays/{slug}/unpublish",
    auth=WRITE,
    response=EssayOut,
    summary="Unpublish an essay",
)
def unpublish(request: HttpRequest, slug: str):
    """Return the essay to draft (needs the publish permission)."""
    with preconditions.essay(request, slug):
        essay = essay_for_write(slug)
        publishing.unpublish_essays([essay], **acting(request))
        return essay_result(request, essay)


@routers.essays.put(
    "/essays/{slug}/topics",
    auth=WRITE,
    response=EssayOut,
    summary="Set an essay's topics",
)
def set_essay_topics(request: HttpRequest, slug: str, data: TopicsIn):
    require(request, "essays.change_essay")
    with preconditions.essay(request, slug):
        essay = essay_for_write(slug)
        topics.set_topics(essay, data.topics, **acting(request))
        return essay_result(request, essay)


@routers.essays.post(
    "/essays/{slug}/sections",
    auth=WRITE,
    response={201: SectionTreeOut},
    summary="Add a section",
)
def create_section(request: HttpRequest, slug: str, data: SectionIn):
    """A new section, last or at `position` (later ones move down)."""
    require(request, "essays.add_section")
    with preconditions.essay(request, slug):
        fields = text_fields(data.dict(exclude_none=True))
        essay = essay_for_write(slug)
        section = editing.create_section(essay, **acting(request), **fields)
        return Status(201, section_result(request, section))


@routers.essays.put(
    "/essays/{slug}/sections/order",
    auth=WRITE,
    response=list[int],
    summary="Reorder sections",
)
def order_sections(request: HttpRequest, slug: str, data: OrderIn):
    """Put the essay's sections in the order of `ids`; 409 if they are not all there."""
    require(request, "essays.change_section")
    with preconditions.essay(request, slug):
        first = get_object_or_404(Section, essay__slug=slug, position=1)
        return reorder(request, first, data)


def reorder(request: HttpRequest, node, data: OrderIn) -> list[int]:
    try:
        placed = ordering.reorder(
            node, ids=data.ids, renumber=data.renumber, **acting(request)
        )
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error
    return [sibling.pk for sibling in placed]


@routers.sections.patch(
    "/sections/{section_id}",
    auth=WRITE,
    response=SectionTreeOut,
    summary="Change a section",
)
def update_section(request: HttpRequest, section_id: IdParam, data: SectionPatch):
    require(request, "essays.change_section")
    with preconditions.section(request, section_id):
        section = get_object_or_404(Section, pk=section_id)
        fields = text_fields(data.dict(exclude_unset=True))
        editing.update(section, **acting(request), **fields)
        return section_result(request, section)


@routers.sections.delete(
    "/sections/{section_id}",
    auth=WRITE,
    response={204: None},
    summary="Delete a section",
)
def delete_section(request: HttpRequest, section_id: IdParam):
    """Delete the section with its points; later sections move up."""
    require(request, "essays.delete_section")
    with preconditions.section(request, section_id):
        editing.delete(get_object_or_404(Section, pk=section_id), **acting(request))
        return Status(204, None)


@routers.sections.post(
    "/sections/{section_id}/points",
    auth=WRITE,
    response={201: PointTreeOut},
    summary="Add a point",
)
def create_point(request: HttpRequest, section_id: IdParam, data: PointIn):
    """A new point of the section, or a sub-point of `parent`."""
    require(request, "essays.add_point")
    with preconditions.section(request, section_id):
        section = get_object_or_404(Section, pk=section_id)
        fields = text_fields(data.dict(exclude_none=True, exclude={"parent"}))
        parent = None
        if data.parent is not None:
            parent = get_object_or_404(Point, pk=data.parent, section=section)
        point = editing.create_point(
            section, parent=parent, **acting(request), **fields
        )
        return Status(201, point_result(request, point))


@routers.sections.put(
    "/sections/{section_id}/points/order",
    auth=WRITE,
    response=list[int],
    summary="Reorder points",
)
def order_points(request: HttpRequest, section_id: IdParam, data: OrderIn):
    """Put the section's top-level points in the order of `ids`."""
    require(request, "essays.change_point")
    with preconditions.section(request, section_id):
        first = get_object_or_404(Point, section_id=section_id, parent=None, position=1)
        return reorder(request, first, data)


@routers.points.patch(
    "/points/{point_id}", auth=WRITE, response=PointTreeOut, summary="Change a point"
)
def update_point(request: HttpRequest, point_id: IdParam, data: PointPatch):
    require(request, "essays.change_point")
    with preconditions.point(request, point_id):
        point = get_object_or_404(Point, pk=point_id)
        fields = text_fields(data.dict(exclude_unset=True))
        editing.update(point, **acting(request), **fields)
        return point_result(request, point)


@routers.points.delete(
    "/points/{point_id}", auth=WRITE, response={204: None}, summary="Delete a point"
)
def delete_point(request: HttpRequest, point_id: IdParam):
    """Delete the point with its sub-points; later siblings move up."""
    require(request, "essays.delete_point")
    with preconditions.point(request, point_id):
        editing.delete(get_object_or_404(Point, pk=point_id), **acting(request))
        return Status(204, None)


@routers.points.put(
    "/points/{point_id}/children/order",
    auth=WRITE,
    response=list[int],
    summary="Reorder sub-points",
)
def order_children(request: HttpRequest, point_id: IdParam, data: OrderIn):
    require(request, "essays.change_point")
    with preconditions.point(request, point_id):
        first = get_object_or_404(Point, parent_id=point_id, position=1)
        return reorder(request, first, data)


@routers.points.put(
    "/points/{point_id}/topics",
    auth=WRITE,
    response=PointTreeOut,
    summary="Set a point's topics",
)
def set_point_topics(request: HttpRequest, point_id: IdParam, data: TopicsIn):
    require(request, "essays.change_point")
    with preconditions.point(request, point_id):
        point = get_object_or_404(Point, pk=point_id)
        topics.set_topics(point, data.topics, **acting(request))
        return point_result(request, point)
