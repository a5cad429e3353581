"""A topic's page: its essays, and its points a page of essays at a time, in context.

A point tagged with a topic is shown where it stands (issue 16): under its
essay and section, a sub-point under its parent's label and title, and the
siblings that are not on the topic summarised by their labels with a link
to the original, so （一）（三） never appear without a word about （二）.

Cost (issue 11: a topic with 10,000 points answers as fast as one with 50):
the topic, its essay count and first essays, and the essays holding its
points with, for each, its tagged points are read once per content version
and cached (`whole_topic`); a page then loads its points by primary key,
only the fields it shows, and one more query gives their siblings' labels.
Rendering is most of what is left: links are made once per page, not once
per point (`in_context`), and the points' list items are built in Python
(essays/templatetags/topic_page.py), not by a template loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

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
WHOLE_TOPIC_TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory
OTHERS_SHOWN = 8  # labels of siblings named before "等"

# What the page shows and orders by, and no more: not the points' bodies nor
# the essays' leads, and no timestamps to parse (a page loads 100s of rows).
# A field left out and then read costs a query per row: the query count is
# tested (tests/test_topic_render.py).
POINT_FIELDS = ("essay_id", "section_id", "parent_id", "position", "label", "title")
ANCESTOR_STEPS = ANCESTORS_LOADED.split("__")  # parent, parent, parent
SHOWN_POINT_FIELDS = [
    "__".join([*ANCESTOR_STEPS[:depth], name])
    for depth in range(len(ANCESTOR_STEPS) + 1)
    for name in POINT_FIELDS
]
SHOWN_ESSAY_FIELDS = ("collection_id", "position", "title", "slug", "typography")
SHOWN_SECTION_FIELDS = ("essay_id", "position", "label", "title", "body")


@dataclass
class Run:
    """Points on the topic that share a parent: a section's top level, or a point."""

    parent: Point | None  # named above the run unless it is on the topic itself
    points: list[Point]
    others: list[str] = field(default_factory=list)  # siblings not on the topic
    parent_shown: bool = False  # the parent is on the topic, listed just before
    original: str = ""  # the parent's (or the section's) place in the essay
    urls: list[str] = field(default_factory=list)  # the points' own pages
    parent_url: str = ""  # the parent's page

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
    url: str = ""  # the essay's page

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

    Five small queries on a cached topic (the content version, the page's
    points, their essays, their sections, their siblings' labels), four more
    when the topic is read again after a write; none reads all of the
    topic's tag rows.
    """
    whole = whole_topic(slug)
    held = whole.holders
    page = Paginator(held, ESSAYS_PER_PAGE).get_page(page_number)
    ids = [pk for _, points in page for pk in points]
    # Essays and sections come by primary key in queries of their own: joined
    # to the points, PostgreSQL hashes every section (10,000 rows) for 100.
    on_page = (
        Point.objects.filter(pk__in=ids)
        .select_related(ANCESTORS_LOADED)
        .only(*SHOWN_POINT_FIELDS)
        .prefetch_related(
            Prefetch("essay", Essay.objects.only(*SHOWN_ESSAY_FIELDS)),
            Prefetch("section", Section.objects.only(*SHOWN_SECTION_FIELDS)),
        )
    )
    return TopicPage(
        topic=whole.topic,
        essays=whole.essays,
        essay_count=whole.essay_count,
        point_count=sum(len(points) for _, points in held),
        groups=in_context(sorted(on_page, key=reading_order)),
        page=page,
    )


@dataclass
class WholeTopic:
    """What every page of a topic shows or pages through, whichever page it is."""

    topic: Topic
    essay_count: int  # published essays tagged with the topic itself
    essays: list[Essay]  # the first of them
    holders: list[tuple[int, list[int]]]


def whole_topic(slug: str) -> WholeTopic:
    """The topic, its essays and the holders of its points (see `holders`).

    Cached per content version: they change only on a write, and every write
    bumps the version (essays/content_version.py). A hit costs the version's
    primary-key query; a miss, the topic with its essay count, its first
    essays and the holders' two reads. A topic readers may not see is a 404,
    and is looked up again each time.
    """
    key = f"topic-page:{content_version.current()}:{slug}"
    found = cache.get(key)
    if found is None:
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
        essays = (
            visible_essays()
            .filter(topics=topic)
            .select_related("collection")
            .defer("collection__raw_text")  # the whole document
            .order_by("collection_id", "position")
        )
        found = WholeTopic(
            topic=topic,
            essay_count=topic.published_essays,
            essays=list(essays[:ESSAYS_PER_PAGE]),
            holders=holders(topic),
        )
        cache.set(key, found, WHOLE_TOPIC_TIMEOUT)
    return found


def holders(topic: Topic) -> list[tuple[int, list[int]]]:
    """Published essays holding a point on `topic`, in reading order, with those points.

    Finding them reads every tag row of the topic and each tagged point's
    essay (76-95 ms on PostgreSQL for 10,000 tagged points, issue 11), so
    they are kept with the topic (`whole_topic`). Two plain reads, joined
    here: the tag rows (index on tag_id) with each point's essay (the
    (id, essay) index, without the points' text), then the visible essays'
    order. One joined, sorted query took 1 s on SQLite at 10,000 tagged
    points. A page then loads its own points by primary key instead of
    joining the topic's tag rows again.
    """
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
    return [(essay, by_essay[essay]) for essay in order]


def in_context(points: list[Point]) -> list[EssayGroup]:
    """Points (ancestors loaded, in reading order) grouped with their context.

    Links are made here, not by the template: one reversal for every point's
    page and one per essay (a page lists hundreds of points, issue 11).
    """
    matched = {point.pk for point in points}
    point_url = point_urls()
    groups: list[EssayGroup] = []
    for point in points:
        if not groups or groups[-1].essay.pk != point.essay_id:
            groups.append(EssayGroup(point.essay, [], point.essay.get_absolute_url()))
        essay_url = groups[-1].url
        sections = groups[-1].sections
        if not sections or sections[-1].section.pk != point.section_id:
            sections.append(
                SectionGroup(point.section, [], f"{essay_url}#{point.section.anchor}")
            )
        runs = sections[-1].runs
        if runs and runs[-1].points[-1].parent_id == point.parent_id:
            runs[-1].points.append(point)
            runs[-1].urls.append(point_url(point.pk))
            continue
        parent = point.parent if point.parent_id else None
        runs.append(
            Run(
                parent=parent,
                points=[point],
                parent_shown=point.parent_id in matched,
                original=(
                    f"{essay_url}#"
                    # The parent's anchor is the point's less its last step.
                    + (
                        point_anchor(point).rsplit("-", 1)[0]
                        if parent
                        else point.section.anchor
                    )
                ),
                urls=[point_url(point.pk)],
                parent_url=point_url(parent.pk) if parent else "",
            )
        )
    summarise_siblings(groups, matched)
    return groups


def point_urls() -> Callable[[int], str]:
    """`Point.get_absolute_url` for any primary key, from a single reversal."""
    marker = "90817263544536271809"  # a number no URL prefix holds
    before, after = reverse("essays:point_detail", args=[marker]).rsplit(marker, 1)
    return lambda pk: f"{before}{pk}{after}"


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
        .order_by("position")
        .values_list("pk", "section_id", "parent_id", "label", "title")
    )
    # Parents shown above their points are context already, not omissions.
    # (Left out here, not by the query: a NOT IN of every point on the page
    # cost more to build than the rows it saves.)
    shown = matched | parents
    others: dict[tuple[int, int | None], list[str]] = {}
    for pk, section, parent, label, title in siblings:
        if pk in shown:
            continue
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
