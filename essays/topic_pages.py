"""A topic's page: its essays, and its points a page of essays at a time, in context.

A point tagged with a topic is shown where it stands (issue 16): under its
essay and section, a sub-point under its parent's label and title, and the
siblings that are not on the topic summarised by their labels with a link
to the original, so （一）（三） never appear without a word about （二）.

Cost (issue 11: a topic with 10,000 points answers as fast as one with 50):
the essays holding the topic's points and, for each, its tagged points are
read once per content version and cached (`holders`); a page then loads its
points by primary key, and one more query gives their siblings' labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q
from django.shortcuts import get_object_or_404

from essays import content_version
from essays.models import Essay, Point, Section, TaggedEssay, TaggedPoint, Topic
from essays.selectors import (
    ANCESTORS_LOADED,
    count_of,
    point_anchor,
    reading_order,
    visible_essays,
)

ESSAYS_PER_PAGE = 10
HOLDERS_TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory
OTHERS_SHOWN = 8  # labels of siblings named before "等"


@dataclass
class Run:
    """Points on the topic that share a parent: a section's top level, or a point."""

    parent: Point | None  # named above the run unless it is on the topic itself
    points: list[Point]
    others: list[str] = field(default_factory=list)  # siblings not on the topic
    parent_shown: bool = False  # the parent is on the topic, listed just before
    original: str = ""  # the parent's (or the section's) place in the essay

    @property
    def others_named(self) -> str:
        named = "、".join(self.others[:OTHERS_SHOWN])
        return named + ("等" if len(self.others) > OTHERS_SHOWN else "")


@dataclass
class SectionGroup:
    section: Section
    runs: list[Run]
    original: str = ""  # the section's place in the essay


@dataclass
class EssayGroup:
    essay: Essay
    sections: list[SectionGroup]

    @property
    def point_count(self) -> int:
        return sum(len(run.points) for group in self.sections for run in group.runs)


@dataclass
class TopicPage:
    """One page of a topic's points, by essay; counts for the whole topic."""

    topic: Topic
    essays: list[Essay]  # the first essays tagged with the topic itself
    essay_count: int
    point_count: int
    groups: list[EssayGroup]
    page: Page


def topic_page(slug: str, page_number: str | int | None = 1) -> TopicPage:
    """A topic's points a page of essays at a time, each point in its context.

    Seven small queries on a cached page (the topic with its essay count,
    the content version, the first essays, the page's points, their essays,
    their sections, their siblings' labels), one more when the holders are
    read again after a write; none reads all of the topic's tag rows.
    """
    topic = get_object_or_404(
        Topic.objects.visible().annotate(
            published_essays=count_of(
                TaggedEssay.objects.filter(
                    tag=OuterRef("pk"), content_object__in=visible_essays()
                )
            ),
        ),
        slug=slug,
    )
    held = holders(topic)
    page = Paginator(held, ESSAYS_PER_PAGE).get_page(page_number)
    ids = [pk for _, points in page for pk in points]
    # Essays and sections come by primary key in queries of their own: joined
    # to the points, PostgreSQL hashes every section (10,000 rows) for 100.
    on_page = (
        Point.objects.filter(pk__in=ids)
        .select_related(ANCESTORS_LOADED)
        .prefetch_related("essay", "section")
    )
    essays = (
        visible_essays()
        .filter(topics=topic)
        .select_related("collection")
        .defer("collection__raw_text")  # the whole document
    )
    return TopicPage(
        topic=topic,
        essays=list(essays.order_by("collection_id", "position")[:ESSAYS_PER_PAGE]),
        essay_count=topic.published_essays,
        point_count=sum(len(points) for _, points in held),
        groups=in_context(sorted(on_page, key=reading_order)),
        page=page,
    )


def holders(topic: Topic) -> list[tuple[int, list[int]]]:
    """Published essays holding a point on `topic`, in reading order, with those points.

    Finding them reads every tag row of the topic and each tagged point's
    essay (76-95 ms on PostgreSQL for 10,000 tagged points, issue 11), so the
    list is cached per content version: it changes only on a write, and every
    write bumps the version (essays/content_version.py). A hit costs the
    version's primary-key query. A miss reads the tag rows (index on tag_id)
    with each point's essay (the (id, essay) index, without the points'
    text), then the visible essays' order; a page then loads its own points
    by primary key instead of joining the topic's tag rows again.
    """
    key = f"topic-holders:{content_version.current()}:{topic.pk}"
    found = cache.get(key)
    if found is None:
        # Two plain reads, joined here: each point's essay from the tag rows
        # (the (id, essay) index), then those essays' order. One joined,
        # sorted query took 1 s on SQLite at 10,000 tagged points.
        by_essay: dict[int, list[int]] = {}
        tagged = TaggedPoint.objects.filter(tag=topic).order_by("content_object_id")
        for essay, point in tagged.values_list(
            "content_object__essay_id", "content_object_id"
        ):
            by_essay.setdefault(essay, []).append(point)
        order = (
            visible_essays()
            .filter(pk__in=list(by_essay))
            .order_by("collection_id", "position")
            .values_list("pk", flat=True)
        )
        found = [(essay, by_essay[essay]) for essay in order]
        cache.set(key, found, HOLDERS_TIMEOUT)
    return found


def in_context(points: list[Point]) -> list[EssayGroup]:
    """Points (ancestors loaded, in reading order) grouped with their context."""
    matched = {point.pk for point in points}
    groups: list[EssayGroup] = []
    for point in points:
        if not groups or groups[-1].essay.pk != point.essay_id:
            groups.append(EssayGroup(point.essay, []))
        sections = groups[-1].sections
        if not sections or sections[-1].section.pk != point.section_id:
            sections.append(
                SectionGroup(
                    point.section,
                    [],
                    f"{point.essay.get_absolute_url()}#{point.section.anchor}",
                )
            )
        runs = sections[-1].runs
        if runs and runs[-1].points[-1].parent_id == point.parent_id:
            runs[-1].points.append(point)
            continue
        parent = point.parent if point.parent_id else None
        runs.append(
            Run(
                parent=parent,
                points=[point],
                parent_shown=point.parent_id in matched,
                original=(
                    f"{point.essay.get_absolute_url()}#"
                    # The parent's anchor is the point's less its last step.
                    + (
                        point_anchor(point).rsplit("-", 1)[0]
                        if parent
                        else point.section.anchor
                    )
                ),
            )
        )
    summarise_siblings(groups, matched)
    return groups


def summarise_siblings(groups: list[EssayGroup], matched: set[int]) -> None:
    """Name, in each run, the siblings that are not on the topic (one query)."""
    runs = [run for group in groups for s in group.sections for run in s.runs]
    if not runs:
        return
    tops = {run.points[0].section_id for run in runs if run.parent is None}
    parents = {run.parent.pk for run in runs if run.parent is not None}
    siblings = (
        Point.objects.filter(
            Q(section_id__in=tops, parent=None) | Q(parent_id__in=parents)
        )
        # Parents shown above their points are context already, not omissions.
        .exclude(pk__in=matched | parents)
        .order_by("position")
        .values_list("section_id", "parent_id", "label", "title")
    )
    others: dict[tuple[int, int | None], list[str]] = {}
    for section, parent, label, title in siblings:
        name = label.strip() or short(title)
        others.setdefault((section, parent), []).append(name)
    # A parent's points can come in two runs (a sub-point on the topic
    # between them): the summary goes after the last one.
    last = {(run.points[0].section_id, run.points[0].parent_id): run for run in runs}
    for (section, parent), run in last.items():
        run.others = others.get((section, parent), [])


def short(title: str, length: int = 10) -> str:
    """A title cut for a list of siblings, with a Chinese ellipsis."""
    title = title.strip()
    return title if len(title) <= length else title[:length] + "……"
