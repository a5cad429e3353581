"""Every read the site, the API and the feeds share; drafts are decided here.

Each selector owns its select_related/prefetch_related, so a page and the API
cannot disagree about drafts, and query counts stay fixed whatever the size of
an essay: one query fetches all points of an essay, and the tree is put
together in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from essays.models import Collection, Essay, Point, Section, Topic


@dataclass
class PointNode:
    """A point with its sub-points in order and its anchor path."""

    point: Point
    anchor: str
    children: list["PointNode"] = field(default_factory=list)


@dataclass
class SectionNode:
    """A section with its top-level points in order."""

    section: Section
    anchor: str
    points: list[PointNode] = field(default_factory=list)


@dataclass
class EssayTree:
    """An essay with its whole tree in reading order."""

    essay: Essay
    sections: list[SectionNode]

    @classmethod
    def assemble(
        cls, essay: Essay, sections: list[Section], points: list[Point]
    ) -> "EssayTree":
        """Nest `points` (in any order) under their sections and parents."""
        children: dict[tuple[str, int], list[Point]] = defaultdict(list)
        for point in points:
            key = (
                ("point", point.parent_id)
                if point.parent_id
                else ("section", point.section_id)
            )
            children[key].append(point)
        for siblings in children.values():
            siblings.sort(key=lambda point: point.position)

        def grow(point: Point, anchor: str) -> PointNode:
            return PointNode(
                point=point,
                anchor=anchor,
                children=[
                    grow(child, f"{anchor}-{child.position}")
                    for child in children[("point", point.id)]
                ],
            )

        nodes = []
        for section in sorted(sections, key=lambda section: section.position):
            anchor = section.anchor
            nodes.append(
                SectionNode(
                    section=section,
                    anchor=anchor,
                    points=[
                        grow(point, f"{anchor}-p{point.position}")
                        for point in children[("section", section.id)]
                    ],
                )
            )
        return cls(essay=essay, sections=nodes)


def visible_essays(*, include_drafts: bool = False):
    """All essays a reader (or, with drafts, a staff member) may see."""
    return Essay.objects.all() if include_drafts else Essay.objects.published()


def essay_tree(slug: str, *, include_drafts: bool = False) -> EssayTree:
    """An essay with its sections, points and sub-points in reading order."""
    essays = visible_essays(include_drafts=include_drafts)
    essay = get_object_or_404(
        essays.select_related("collection").prefetch_related("topics"), slug=slug
    )
    sections = list(essay.sections.all())
    points = list(essay.points.all())
    return EssayTree.assemble(essay, sections, points)


def essay_list(*, topic: str | None = None, collection: int | None = None):
    """Published essays, newest collection first, optionally on one topic."""
    essays = (
        visible_essays()
        .select_related("collection")
        .order_by("-collection__created_at", "collection_id", "position")
    )
    if topic:
        essays = essays.filter(topics__slug=topic)
    if collection:
        essays = essays.filter(collection_id=collection)
    return essays


def point_detail(point_id: int, *, include_drafts: bool = False) -> Point:
    """One point of a visible essay, with its essay, section and parent."""
    points = Point.objects.select_related("essay__collection", "section", "parent")
    if not include_drafts:
        points = points.filter(essay__status=Essay.Status.PUBLISHED)
    return get_object_or_404(points.prefetch_related("topics"), pk=point_id)


def topic_detail(slug: str) -> tuple[Topic, list[Essay], list[Point]]:
    """A topic with its published essays and points."""
    topic = get_object_or_404(Topic, slug=slug)
    essays = list(visible_essays().filter(topics=topic).select_related("collection"))
    points = list(
        Point.objects.filter(topics=topic, essay__status=Essay.Status.PUBLISHED)
        .select_related("essay", "section")
        .order_by("essay_id", "section__position", "position")
    )
    return topic, essays, points


def home_page(*, recent: int = 20) -> dict:
    """What the home page shows: collections, recent essays, topics."""
    collections = Collection.objects.annotate(
        essay_count=Count("essays", filter=Q(essays__status=Essay.Status.PUBLISHED))
    ).filter(essay_count__gt=0)
    essays = (
        visible_essays()
        .select_related("collection")
        .order_by("-collection__created_at", "collection_id", "position")[:recent]
    )
    topics = (
        Topic.objects.annotate(
            essay_count=Count(
                "tagged_essays",
                filter=Q(tagged_essays__content_object__status=Essay.Status.PUBLISHED),
                distinct=True,
            )
        )
        .filter(essay_count__gt=0)
        .order_by("-essay_count", "name")[:30]
    )
    return {
        "collections": list(collections),
        "essays": list(essays),
        "topics": list(topics),
    }
