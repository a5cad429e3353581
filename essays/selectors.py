"""Every read the site, the API and the feeds share; drafts are decided here.

Each selector owns its select_related/prefetch_related, so a page and the API
cannot disagree about drafts, and query counts stay fixed whatever the size of
an essay or a list: one query fetches all points of an essay (every point
carries its essay), and the tree is put together in Python.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from essays import content_version, search
from essays.models import (
    Collection,
    Essay,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)


def with_topics() -> Prefetch:
    """Topics prefetched into `.topic_list`.

    A plain prefetch_related("topics") makes taggit build a queryset per row
    (a third of an API request's time); a Prefetch into a list does not.
    """
    return Prefetch("topics", to_attr="topic_list")


MAX_COMPARED = 4


@dataclass
class PointNode:
    """A point with its sub-points in order and its anchor path (`s3-p2-1`)."""

    point: Point
    anchor: str
    children: list["PointNode"] = field(default_factory=list)

    def walk(self) -> Iterator["PointNode"]:
        """This point and every point below it, in reading order (no recursion)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def __getattr__(self, name: str):
        # A node reads as its point (id, label, title…), so the API's schemas
        # serialise nodes directly; anchor and children are the node's own.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.__dict__["point"], name)


@dataclass
class SectionNode:
    """A section with its top-level points in order."""

    section: Section
    anchor: str
    points: list[PointNode] = field(default_factory=list)

    def walk(self) -> Iterator[PointNode]:
        for node in self.points:
            yield from node.walk()

    def __getattr__(self, name: str):
        # A node reads as its section; points are the node's nested ones.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.__dict__["section"], name)


# Points below a section: depths 1-6 (decisions.md, "Bounds"; the importer's
# MAX_POINT_DEPTH, which selectors may not import). Deeper rows, which only a
# direct database write can make, join the sixth level in reading order, as
# the importer flattens them: every tree a page, the API or an export walks is
# then at most this deep (issue 14: 500 levels, then a RecursionError).
MAX_POINT_DEPTH = 6


def nest(sections: Iterable[Section], points: Iterable[Point]) -> list[SectionNode]:
    """Sections in order, each with its points nested under their parents.

    Built without recursion; levels below the sixth join the sixth.
    """
    children: dict[tuple[str, int], list[Point]] = defaultdict(list)
    for point in points:
        if point.parent_id:
            children[("point", point.parent_id)].append(point)
        else:
            children[("section", point.section_id)].append(point)
    for siblings in children.values():
        siblings.sort(key=lambda point: point.position)
    nodes = []
    for section in sorted(sections, key=lambda section: section.position):
        node = SectionNode(section, section.anchor)
        tops = children[("section", section.pk)]
        # (point, anchor, depth, the list its node joins), in reading order.
        stack = [
            (point, f"{section.anchor}-p{point.position}", 1, node.points)
            for point in reversed(tops)
        ]
        while stack:
            point, anchor, depth, siblings = stack.pop()
            grown = PointNode(point, anchor)
            siblings.append(grown)
            home = grown.children if depth < MAX_POINT_DEPTH else siblings
            stack += [
                (kid, f"{anchor}-{kid.position}", min(depth + 1, MAX_POINT_DEPTH), home)
                for kid in reversed(children[("point", point.pk)])
            ]
        nodes.append(node)
    return nodes


@dataclass
class EssayTree:
    """An essay with its whole tree in reading order."""

    essay: Essay
    sections: list[SectionNode]

    def walk(self) -> Iterator[PointNode]:
        for section in self.sections:
            yield from section.walk()

    @property
    def point_count(self) -> int:
        return sum(1 for _ in self.walk())

    def __getattr__(self, name: str):
        # A tree reads as its essay (title, slug…); sections are the tree's.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.__dict__["essay"], name)

    @property
    def last_modified(self) -> datetime.datetime:
        """When the essay or anything in its tree last changed."""
        moments = [self.essay.updated_at]
        moments += [node.section.updated_at for node in self.sections]
        moments += [node.point.updated_at for node in self.walk()]
        return max(moments)


def section_tree(section_id: int, *, include_drafts: bool = False) -> SectionNode:
    """A section of a visible essay (loaded with it) and its points, nested."""
    sections = Section.objects.visible(include_drafts=include_drafts)
    section = get_object_or_404(sections.select_related("essay"), pk=section_id)
    points = list(section.points.prefetch_related(with_topics()))
    for point in points:
        point.essay = section.essay  # so a point's essay costs no query
    (node,) = nest([section], points)
    return node


def point_tree(point_id: int, *, include_drafts: bool = False) -> PointNode:
    """A point of a visible essay (its essay loaded) with its sub-points, nested."""
    points = Point.objects.visible(include_drafts=include_drafts)
    section_id = get_object_or_404(
        points.values_list("section_id", flat=True), pk=point_id
    )
    node = section_tree(section_id, include_drafts=True)
    return next(found for found in node.walk() if found.point.pk == point_id)


def visible_essays(*, include_drafts: bool = False) -> QuerySet:
    """All essays a reader (or, with drafts, a staff member) may see."""
    return Essay.objects.visible(include_drafts=include_drafts)


def essay_tree(
    slug: str, *, include_drafts: bool = False, point_topics: bool = False
) -> EssayTree:
    """An essay with its sections, points and sub-points in reading order."""
    essays = visible_essays(include_drafts=include_drafts)
    essay = get_object_or_404(
        essays.select_related("collection").prefetch_related("topics"), slug=slug
    )
    points = essay.points.all()
    if point_topics:
        points = points.prefetch_related(with_topics())
    return EssayTree(essay, nest(essay.sections.all(), points))


def page_tree(slug: str, *, include_drafts: bool = False) -> EssayTree:
    """essay_tree for the reading site: a reader's from the kept rows."""
    if include_drafts:
        return essay_tree(slug, include_drafts=True)
    essay_id = visible_essays().filter(slug=slug).values_list("pk", flat=True).first()
    essay, sections, points = published_rows(essay_id)
    return EssayTree(essay, nest(sections, points))


ROWS_TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory


def published_rows(essay_id: int | None) -> tuple[Essay, list[Section], list[Point]]:
    """A published essay's rows, read once per version of the essay (issue 17).

    The essay (its collection and topics), its sections and its points (their
    topics in `.topic_list`), each point and section carrying the essay and
    each point its section. Its page, its points' pages and its exports
    share them (the API keeps whole answers): kept under the structure
    version and the essay's counter (essays/content_version.py), so any write
    to the essay or to what is published is read afresh. The counters are
    read before the rows: rows kept under a counter are never older than it.
    404 when the essay is not (or no longer) published.
    """
    if essay_id is None:
        raise Http404("no such essay")
    _, structure, counters = content_version.snapshot([essay_id])
    key = f"essay-rows:{structure}:{essay_id}:{counters.get(essay_id, 0)}"
    rows = cache.get(key)
    if rows is None:
        essay = (
            Essay.objects.published()
            .select_related("collection")
            .prefetch_related("topics")
            .filter(pk=essay_id)
            .first()
        )
        if essay is None:
            raise Http404("no such essay")
        sections = list(essay.sections.all())
        points = list(essay.points.prefetch_related(with_topics()))
        by_id = {section.pk: section for section in sections}
        for section in sections:
            section.essay = essay
        for point in points:
            point.essay, point.section = essay, by_id[point.section_id]
        rows = (essay, sections, points)
        cache.set(key, rows, ROWS_TIMEOUT)
    return rows


ANCESTORS_LOADED = "parent__parent__parent"  # enough for any tree seen so far


def position_path(point: Point) -> list[int]:
    """Positions from the top-level point down to `point` (ancestors loaded)."""
    chain = []
    node: Point | None = point
    while node is not None:
        chain.append(node.position)
        node = node.parent if node.parent_id else None
    return chain[::-1]


def point_anchor(point: Point) -> str:
    """A point's anchor on its essay page (`s3-p2-1`), from its loaded ancestors."""
    top, *rest = position_path(point)
    return "-".join([f"s{point.section.position}", f"p{top}", *map(str, rest)])


# Orders a client may ask for; the reading site's default (None) lists the
# newest first and, within one publication, a collection's essays in order.
ESSAY_ORDERINGS = {
    "position": ("collection_id", "position"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "date": ("date", "pk"),
    "-date": ("-date", "-pk"),
    "published_at": ("published_at", "pk"),
    "-published_at": ("-published_at", "-pk"),
}
NEWEST_FIRST = ("-published_at", "-collection__created_at", "collection_id", "position")


def essay_list(
    *,
    topic: str = "",
    category: str = "",
    collection: int | str | None = None,
    words: str = "",
    ordering: str | None = None,
    include_drafts: bool = False,
    updated_since: datetime.datetime | None = None,
) -> QuerySet:
    """Visible essays filtered by topic, category, collection and words, ordered.

    With `updated_since`, only essays changed since then, in themselves or
    in a section or point (deletions: see essays/changes.py).

    Collections and topics (`.topic_list`) are loaded: a page of any length
    costs the same three queries (page, count, topics).
    """
    essays = visible_essays(include_drafts=include_drafts)
    if topic:
        essays = essays.filter(topics__slug=topic)
    if category:
        sections = Section.objects.filter(category=category)
        essays = essays.filter(pk__in=sections.values("essay_id"))
    if collection:
        essays = essays.filter(collection_id=collection)
    if updated_since:
        essays = essays.filter(
            Q(updated_at__gte=updated_since)
            | Q(pk__in=changed_since(Section, updated_since, "essay_id"))
            | Q(pk__in=changed_since(Point, updated_since, "essay_id"))
        )
    if words:
        # The essays' own drafts filter applies; matching points may be anywhere.
        matching = search.query(words, include_drafts=True)[1].values("essay_id")
        essays = essays.filter(Q(title__icontains=words) | Q(pk__in=matching))
    order = ESSAY_ORDERINGS[ordering] if ordering else NEWEST_FIRST
    return (
        essays.select_related("collection")
        .prefetch_related(with_topics())
        .order_by(*order)
    )


def changed_since(model, since: datetime.datetime, column: str = "pk") -> QuerySet:
    """`column` of the rows of `model` changed at or after `since` (a subquery)."""
    return model.objects.filter(updated_at__gte=since).values(column)


def with_tree_counts(essays: QuerySet) -> QuerySet:
    """Essays annotated with `section_count` and `point_count` (the list page)."""
    return essays.annotate(
        section_count=Count("sections", distinct=True),
        point_count=Count("points", distinct=True),
    )


POINT_RELATIONS = ("essay", "section", ANCESTORS_LOADED)
# Levels of points a reading-order key spells out (decisions.md, "Bounds":
# six below a section); a deeper point sorts after its sixth-level ancestor.
PATH_LEVELS = 6


def path_position(level: int) -> Case:
    """The position of a point's ancestor at `level` (1: its top-level point).

    NULL when the point is shallower, so a point sorts before its sub-points
    and a sub-point before its parent's next sibling, at any depth.
    """
    whens = []
    for depth in range(1, PATH_LEVELS + 1):
        # The first WHEN that holds tells the depth: no grandparent -> 2 …
        is_at = Q(**{"parent__" * (depth - 1) + "parent__isnull": True})
        ancestor = F("parent__" * (depth - level) + "position")
        whens.append(When(is_at, then=ancestor if depth >= level else None))
    return Case(*whens, default=None, output_field=IntegerField())


POINT_READING_ORDER = (
    "essay__collection_id",
    "essay__position",
    "section__position",
    *(
        path_position(level).asc(nulls_first=True)
        for level in range(1, PATH_LEVELS + 1)
    ),
    "pk",
)


def point_list(
    *,
    topic: str = "",
    essay: str = "",
    category: str = "",
    words: str = "",
    include_drafts: bool = False,
    updated_since: datetime.datetime | None = None,
) -> QuerySet:
    """Visible points in reading order (best first with `words`), filtered.

    Each point comes with its essay, section, ancestors (for its anchor) and
    topics (`.topic_list`), so a page costs a fixed number of queries.
    """
    if words:
        points = search.query(words, include_drafts=include_drafts)[1]
    else:
        points = Point.objects.visible(include_drafts=include_drafts)
        points = points.order_by(*POINT_READING_ORDER)
    if topic:
        points = points.filter(topics__slug=topic)
    if essay:
        points = points.filter(essay__slug=essay)
    if category:
        points = points.filter(section__category=category)
    if updated_since:
        points = points.filter(updated_at__gte=updated_since)
    return with_point_relations(points)


def with_point_relations(points: QuerySet) -> QuerySet:
    """Points with what a flat listing shows: essay, section, anchor, topics."""
    return points.select_related(*POINT_RELATIONS).prefetch_related(with_topics())


def sitemap_points() -> QuerySet:
    """Every published point, for the sitemap (by id, nothing joined)."""
    return Point.objects.published().order_by("pk")


@dataclass
class PointPage:
    """One point in its context: tree node, neighbours, related points."""

    point: Point
    node: PointNode
    section: SectionNode
    previous: PointNode | None
    next: PointNode | None
    related: list[Point]


def point_page(point_id: int, *, include_drafts: bool = False) -> PointPage:
    """A point of a visible essay with its sub-points, neighbours and relations."""
    if include_drafts:
        points = Point.objects.select_related("essay__collection", "section")
        point = get_object_or_404(points.prefetch_related(with_topics()), pk=point_id)
        sections = nest(point.essay.sections.all(), point.essay.points.all())
    else:
        # The essay's rows are shared by its points' pages (published_rows).
        essay_id = (
            Point.objects.published()
            .filter(pk=point_id)
            .values_list("essay_id", flat=True)
            .first()
        )
        _, section_rows, point_rows = published_rows(essay_id)
        point = next((row for row in point_rows if row.pk == point_id), None)
        if point is None:  # moved to another essay since
            raise Http404("no such point")
        sections = nest(section_rows, point_rows)
    ordered = [(section, node) for section in sections for node in section.walk()]
    index = next(i for i, (_, node) in enumerate(ordered) if node.point.pk == point.pk)
    section, node = ordered[index]
    topics = [topic.pk for topic in point.topic_list]
    if not topics and point.parent_id:
        # A sub-point ("一是…") rarely names a topic itself: relate it by the
        # topics of the point it belongs to.
        topics = list(
            Topic.objects.filter(
                tagged_points__content_object_id=point.parent_id
            ).values_list("pk", flat=True)
        )
    related = related_points(topics, exclude=[point.pk, point.parent_id or 0])
    return PointPage(
        point=point,
        node=node,
        section=section,
        previous=ordered[index - 1][1] if index > 0 else None,
        next=ordered[index + 1][1] if index + 1 < len(ordered) else None,
        related=related,
    )


RANKED_TOPICS = 4


def related_points(topics: list[int], *, exclude: list[int], limit: int = 6) -> list:
    """Points sharing the most of `topics`, then in reading order (essay, id).

    Which points those are depends on tags and publication only, so their
    ids are ranked once per structure version for a set of topics (a point
    page rendered afresh then costs one query by key, not one query of
    correlated subqueries per level) and the points are read fresh, titles
    and all. `exclude` (the point itself, its parent) is taken out of a
    ranking long enough to lose them.
    """
    # A point's first few topics are enough to rank by (RANKED_TOPICS).
    topics = topics[:RANKED_TOPICS]
    length = limit + len(exclude)
    structure = content_version.snapshot()[1]
    key = f"related:{structure}:{length}:{','.join(map(str, sorted(topics)))}"
    ranked = cache.get(key)
    if ranked is None:
        ranked = rank_related(topics, length)
        cache.set(key, ranked, COUNTS_TIMEOUT)
    ranked = [(pk, shared) for pk, shared in ranked if pk not in exclude][:limit]
    rows = (
        Point.objects.published()
        .select_related("essay")
        .in_bulk([pk for pk, _ in ranked])
    )
    found = []
    for pk, shared in ranked:
        if pk in rows:  # published and there when the ranking was made
            rows[pk].shared = shared
            found.append(rows[pk])
    return found


def rank_related(topics: list[int], limit: int) -> list[tuple[int, int]]:
    """(id, topics shared) of the first `limit` points by related_points' order.

    Level by level, most topics shared first, each an index walk in
    reading order that stops after `limit` rows: counting the shared topics
    of every point of a popular topic took 100 ms at 1,000 essays.
    """
    found: list[tuple[int, int]] = []
    base = Point.objects.published()
    for size in range(len(topics), 0, -1):
        if len(found) >= limit:
            break
        condition = Q()
        for group in itertools.combinations(topics, size):
            every = Q()
            for topic in group:
                tagged = TaggedPoint.objects.filter(
                    content_object=OuterRef("pk"), tag=topic
                )
                every &= Q(Exists(tagged))
            condition |= every
        rows = base.filter(condition).exclude(pk__in=[pk for pk, _ in found])
        ordered = rows.order_by("essay_id", "id").values_list("pk", flat=True)
        found += [(pk, size) for pk in ordered[: limit - len(found)]]
    return found


def topics_with_counts(
    *, include_drafts: bool = False, updated_since: datetime.datetime | None = None
) -> QuerySet:
    """Topics used by visible content, with essay and point counts, most used first.

    With `updated_since`, topics of essays or points changed since then.
    """
    topics = Topic.objects.counted(include_drafts=include_drafts)
    if updated_since:
        essays = changed_since(Essay, updated_since)
        points = changed_since(Point, updated_since)
        topics = topics.filter(
            Q(
                pk__in=TaggedEssay.objects.filter(content_object__in=essays).values(
                    "tag"
                )
            )
            | Q(
                pk__in=TaggedPoint.objects.filter(content_object__in=points).values(
                    "tag"
                )
            )
        )
    return topics.order_by("-point_count", "-essay_count", "name")


COUNTS_TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory


def public_topic_counts() -> list[Topic]:
    """topics_with_counts() for readers, read once per content version.

    Counting every topic's essays and points costs about 80 ms on
    PostgreSQL at 16,600 points, and the home, list and search pages all
    show the counts: a page rendered afresh after a write reads them here.
    """
    key = f"topic-counts:{content_version.current()}"
    return cache.get_or_set(key, lambda: list(topics_with_counts()), COUNTS_TIMEOUT)


def collections_with_counts(
    *, include_drafts: bool = False, updated_since: datetime.datetime | None = None
) -> QuerySet:
    """Collections that have visible essays, with their count, newest first."""
    collections = Collection.objects.counted(include_drafts=include_drafts)
    if updated_since:
        collections = collections.filter(
            Q(updated_at__gte=updated_since)
            | Q(pk__in=changed_since(Essay, updated_since, "collection_id"))
        )
    return collections.order_by("-created_at", "-pk")


def visible_topic(slug: str, *, include_drafts: bool = False) -> Topic:
    """A topic that visible content uses; 404 for one only drafts use, as unknown."""
    topics = Topic.objects.visible(include_drafts=include_drafts)
    return get_object_or_404(topics, slug=slug)


def visible_collection(pk: int | str, *, include_drafts: bool = False) -> Collection:
    """A collection with a visible essay; 404 for a draft-only one, as unknown."""
    collections = Collection.objects.visible(include_drafts=include_drafts)
    return get_object_or_404(collections, pk=pk)


@dataclass
class EssayGroup:
    """Points of one essay, grouped by section (topic pages, handouts)."""

    essay: Essay
    sections: list[tuple[Section, list[Point]]]

    @property
    def point_count(self) -> int:
        return sum(len(points) for _, points in self.sections)


def group_points(points: Iterable[Point]) -> list[EssayGroup]:
    """Points (with essay and section loaded) grouped by essay, then section."""
    groups: dict[int, EssayGroup] = {}
    for point in points:
        group = groups.setdefault(point.essay_id, EssayGroup(point.essay, []))
        if not group.sections or group.sections[-1][0].pk != point.section_id:
            group.sections.append((point.section, []))
        group.sections[-1][1].append(point)
    return list(groups.values())


@dataclass
class TopicPage:
    topic: Topic
    essays: list[Essay]
    groups: list[EssayGroup]

    @property
    def point_count(self) -> int:
        return sum(group.point_count for group in self.groups)


def topic_page(slug: str) -> TopicPage:
    """A topic with its published essays and its points grouped by essay."""
    topic = visible_topic(slug)
    essays = visible_essays().filter(topics=topic).select_related("collection")
    points = Point.objects.published().filter(topics=topic)
    points = points.select_related("essay__collection", "section", ANCESTORS_LOADED)
    ordered = sorted(points, key=reading_order)
    essays = list(essays.order_by("collection_id", "position"))
    return TopicPage(topic, essays, group_points(ordered))


def count_of(rows: QuerySet) -> Subquery:
    """COUNT(*) of `rows` as a subquery (rows filtered on an OuterRef)."""
    counted = rows.order_by().values("tag").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def reading_order(point: Point) -> tuple:
    """Where a point stands in its collection, from its loaded ancestors."""
    path = []
    node: Point | None = point
    while node is not None:
        path.append(node.position)
        node = node.parent if node.parent_id else None
    essay = point.essay
    return (
        essay.collection_id,
        essay.position,
        point.section.position,
        *reversed(path),
    )


@dataclass
class GuidanceSection:
    section: SectionNode
    essay: Essay


def guidance(category: str) -> list[GuidanceSection]:
    """Sections of one category across published essays, with their points."""
    sections = list(
        Section.objects.published()
        .filter(category=category)
        .select_related("essay__collection")
        .order_by("essay__collection_id", "essay__position", "position")
    )
    points = Point.objects.filter(section__in=sections)
    return [
        GuidanceSection(node, node.section.essay) for node in nest(sections, points)
    ]


ESSAYS_PER_GUIDANCE_PAGE = 10


def guidance_page(
    category: str, page_number: str | int | None = 1
) -> tuple[list[GuidanceSection], Page]:
    """Sections of one category, a page of essays at a time, with their points."""
    sections = Section.objects.published().filter(category=category)
    holders = (
        sections.values("essay_id", "essay__collection_id", "essay__position")
        .annotate(n=Count("id"))
        .order_by("essay__collection_id", "essay__position")
    )
    page = Paginator(holders, ESSAYS_PER_GUIDANCE_PAGE).get_page(page_number)
    chosen = list(
        sections.filter(essay_id__in=[row["essay_id"] for row in page])
        .select_related("essay__collection")
        .order_by("essay__collection_id", "essay__position", "position")
    )
    points = Point.objects.filter(section__in=chosen)
    return [
        GuidanceSection(node, node.section.essay) for node in nest(chosen, points)
    ], page


def category_counts() -> dict[str, int]:
    """How many published sections each category has."""
    rows = Section.objects.published().values("category").annotate(count=Count("id"))
    return {row["category"]: row["count"] for row in rows}


def compare(slugs: list[str]) -> list[EssayTree]:
    """The trees of up to four published essays, in the order asked for."""
    essays = {
        essay.slug: essay
        for essay in visible_essays()
        .filter(slug__in=slugs[:MAX_COMPARED])
        .select_related("collection")
    }
    chosen = [
        essays[slug] for slug in dict.fromkeys(slugs[:MAX_COMPARED]) if slug in essays
    ]
    sections = Section.objects.filter(essay__in=chosen)
    points = Point.objects.filter(essay__in=chosen)
    by_essay: dict[int, tuple[list, list]] = {essay.pk: ([], []) for essay in chosen}
    for section in sections:
        by_essay[section.essay_id][0].append(section)
    for point in points:
        by_essay[point.essay_id][1].append(point)
    return [EssayTree(essay, nest(*by_essay[essay.pk])) for essay in chosen]


def compare_choices() -> QuerySet:
    """Published essays by title, with their collection (the compare picker)."""
    return visible_essays().select_related("collection").order_by("title")


def home_page(*, recent: int = 12) -> dict:
    """What the home page shows: collections, recent essays, topics, categories."""
    collections = collections_with_counts()
    essays = (
        visible_essays()
        .select_related("collection")
        .order_by("-published_at", "collection_id", "position")[:recent]
    )
    return {
        "collections": list(collections),
        "essays": list(essays),
        "topics": public_topic_counts()[:24],
        "categories": category_counts(),
    }


def recent_essays(limit: int = 30) -> QuerySet:
    """Newest published essays (the feed)."""
    return (
        visible_essays()
        .select_related("collection")
        .order_by("-published_at", "-pk")[:limit]
    )


# A point's ancestors up to its top-level point (depths 1-6: five parents).
ANCESTOR_CHAIN = "__".join(["parent"] * (MAX_POINT_DEPTH - 1))


def place_points(points: Iterable[Point]) -> None:
    """Give points shown out of their essay their place in it, in one query.

    Each point gets `parent` (with its own ancestors) and `essay_anchor`, its
    anchor on the essay page (`s3-p2-1`), so a search hit can name the point
    it belongs to and link to it in the essay ("见原文").
    """
    points = list(points)
    if not points:
        return
    placed = {
        point.pk: point
        for point in Point.objects.filter(pk__in=[p.pk for p in points])
        .select_related("section", ANCESTOR_CHAIN)
        .defer("body", "section__body")
    }
    for point in points:
        found = placed.get(point.pk)
        if found is None:
            continue
        point.parent = found.parent
        point.essay_anchor = point_anchor(found)
