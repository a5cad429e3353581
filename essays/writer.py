"""store_document(): a parsed tree -> rows, in one transaction.

The only code that turns a parse into rows. Idempotent by the raw bytes'
sha256; a changed version of a stored document (same site and title, other
bytes) is refused unless `replace=True`, which rewrites the tree in place,
keeping the ids of essays matched by title and of sections and points matched
by their path of positions, so permalinks survive. Queries are a fixed number
per tree level (one bulk_create per level), not per node.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Collection as Numbers
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils import timezone

from essays import content_version, tagging
from essays.categories import infer_category
from essays.duplicates.index import remember
from essays.history import add_tree
from essays.importer.errors import ImportFailed
from essays.importer.nodes import Node, ParsedDocument, ParsedEssay
from essays.models import (
    Collection,
    Essay,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
)
from essays.search import indexing as search_index
from essays.services import locks, ordering
from essays.services.topics import topics_by_name
from essays.slugs import MAX_LENGTH as MAX_SLUG_LENGTH
from essays.slugs import unique_slug

logger = logging.getLogger(__name__)

SUFFIX_ROOM = 8  # characters a `-N` suffix may take from a slug's base
Path = tuple[int, ...]  # positions from the section down: (3, 2, 1) is s3-p2-1


class ChangedDocument(ImportFailed):
    """Another version of a stored document; replacing it must be asked for."""


# What storing a document did, in an editor's words (StoreResult.status).
OUTCOMES = {"created": "新建", "replaced": "替换", "unchanged": "未改动"}


@dataclass
class StoreResult:
    """What storing one document did, for summaries and the API."""

    collection: Collection
    status: str  # "created" | "unchanged" | "replaced"
    counts: Counter = field(default_factory=Counter)  # essays, sections, points
    changes: list[str] = field(default_factory=list)  # sentences for an editor

    @property
    def summary(self) -> str:
        """新建：5 篇文章、13 个部分、83 个要点；…the changes."""
        counts = self.counts
        text = (
            f"{OUTCOMES[self.status]}：{counts['essays']} 篇文章、"
            f"{counts['sections']} 个部分、{counts['points']} 个要点"
        )
        return "；".join([text, *self.changes])


class WordCounts:
    """Each text of one import segmented once, shared by point and essay tags."""

    def __init__(self) -> None:
        self.by_node: dict[int, tuple[Counter, Counter]] = {}

    def node(self, node: Node) -> tuple[Counter, Counter]:
        """The word counts of a node's title, and of its title and body."""
        key = id(node)  # nodes live as long as the parse this import stores
        if key not in self.by_node:
            title = tagging.count_words(node.title)
            self.by_node[key] = (
                title,
                title + tagging.count_words("\n".join(node.body)),
            )
        return self.by_node[key]

    def essay(self, parsed: ParsedEssay) -> Counter:
        own = "\n".join([parsed.title, *parsed.body, *parsed.closing])
        counts = tagging.count_words(own)
        for _, node in walk(parsed.nodes):
            counts.update(self.node(node)[1])
        return counts


def paragraphs_text(paragraphs: Iterable[str]) -> str:
    return "\n".join(paragraphs)


@transaction.atomic
def store_document(
    parsed: ParsedDocument,
    *,
    raw_text: str = "",
    publish: bool = False,
    replace: bool = False,
    skip: Numbers[int] = (),
    overwrite: Mapping[int, Essay] | None = None,
) -> StoreResult:
    """Store a parsed document; re-storing the same bytes changes nothing.

    Near-duplicates of stored essays (essay numbers from 1, as in warnings)
    may be left out (`skip`) or written over a stored essay (`overwrite`:
    number -> the stored essay, which keeps its title, slug, status and
    collection and takes the new text); the others make the collection.
    """
    source = parsed.source
    overwrite = overwrite or {}
    # Concurrent imports of one document queue on its identity, in one order
    # (services/locks.py): the same bytes twice store once (the second finds
    # them, "unchanged"); two versions at once store one (the second finds it,
    # ChangedDocument) unless replacing.
    locks.document(source.sha256)
    same_bytes = Collection.objects.filter(sha256=source.sha256).first()
    # A collection whose essays were all deleted is restored by its own bytes
    # (issue 12): there is nothing to keep, so no `replace` is needed.
    emptied = same_bytes and parsed.essays and not same_bytes.essays.exists()
    if same_bytes and not emptied:
        logger.info("import: %s unchanged (collection %s)", source.path, same_bytes.pk)
        return StoreResult(same_bytes, "unchanged", count_tree(same_bytes))
    locks.version(source.site, source.title)
    earlier = same_bytes or (
        Collection.objects.filter(site=source.site, title=source.title)
        .order_by("pk")
        .first()
    )
    if earlier and not replace and not emptied:
        imported = timezone.localtime(earlier.created_at)
        raise ChangedDocument(
            f"已存有《{source.title}》的另一个版本（汇编 {earlier.pk}，"
            f"{imported:%Y-%m-%d %H:%M} 导入）；如要替换，请使用 --replace"
            "（未变的文章和要点保留原有编号）"
        )
    if earlier:
        # Until this import commits, edits of the collection it rewrites are
        # refused at once (409, retryable) rather than waiting for it.
        locks.importing(earlier.pk)
    collection = earlier or Collection()
    collection.title = source.title
    collection.site = source.site
    collection.source_path = source.path
    collection.source_published_at = site_time(source.published_at)
    collection.raw_text = raw_text
    collection.sha256 = source.sha256
    collection.save()
    kept = [
        essay
        for number, essay in enumerate(parsed.essays, 1)
        if number not in skip and number not in overwrite
    ]
    if earlier:
        result = StoreResult(collection, "replaced")
        replace_essays(collection, kept, publish=publish, result=result)
    else:
        result = StoreResult(collection, "created")
        essays = create_essays(collection, list(enumerate(kept, 1)), publish)
        pairs = list(zip(essays, kept, strict=True))
        words = WordCounts()
        create_trees(pairs, words)
        tag_essays(pairs, words)
    overwritten = overwrite_essays(
        [(overwrite[number], parsed.essays[number - 1]) for number in overwrite],
        result,
    )
    if reversion.is_active():
        # bulk_create and bulk_update send no signals reversion could hear:
        # the whole tree goes into the caller's revision (one per import).
        add_tree(collection)
        for essay in overwritten:
            add_tree(essay)
    content_version.bump()  # bulk writes send no signals
    search_index.index_collection(collection)  # so does the search index
    search_index.index_essays(essay.pk for essay in overwritten)
    # The duplicate index learns the stored texts (docs/duplicates.md).
    remember([*collection.essays.all(), *overwritten])
    result.counts = count_tree(collection)
    logger.info("import: %s %s", source.path, result.summary)
    return result


def site_time(moment: datetime.datetime | None) -> datetime.datetime | None:
    """An upload time as the site printed it, read in the site's time zone."""
    # Document sites print local time without a zone; TIME_ZONE is Beijing time.
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def count_tree(collection: Collection) -> Counter:
    return Counter(
        essays=collection.essays.count(),
        sections=Section.objects.filter(essay__collection=collection).count(),
        points=Point.objects.filter(essay__collection=collection).count(),
    )


def essay_fields(parsed: ParsedEssay) -> dict:
    return {
        "title": parsed.title,
        "date": parsed.date,
        "lead": paragraphs_text(parsed.body),
        "closing": paragraphs_text(parsed.closing),
    }


def create_essays(
    collection: Collection, numbered: list[tuple[int, ParsedEssay]], publish: bool
) -> list[Essay]:
    """Essays with fresh slugs (unique against the database and each other)."""
    taken = SlugsTaken()
    essays = []
    for position, parsed in numbered:
        essay = Essay(collection=collection, position=position, **essay_fields(parsed))
        if publish:
            essay.status, essay.published_at = Essay.Status.PUBLISHED, timezone.now()
        essay.slug = unique_slug(parsed.title, is_taken=taken.check, fallback="essay")
        taken.add(essay.slug)
        essays.append(essay)
    return Essay.objects.bulk_create(essays)


class SlugsTaken:
    """Essay slugs in use, loaded once per slug family (not once per try)."""

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.loaded: set[str] = set()

    def check(self, slug: str) -> bool:
        # `-2`, `-3`… may shorten a long base, so load by a shorter prefix.
        prefix = slug.rsplit("-", 1)[0] if slug[-1:].isdigit() else slug
        prefix = prefix[: MAX_SLUG_LENGTH - SUFFIX_ROOM]
        if prefix not in self.loaded:
            self.loaded.add(prefix)
            rows = Essay.objects.filter(slug__startswith=prefix).values_list(
                "slug", flat=True
            )
            self.known.update(rows)
        return slug in self.known

    def add(self, slug: str) -> None:
        self.known.add(slug)


def walk(nodes: Iterable[Node], path: Path = ()) -> Iterator[tuple[Path, Node]]:
    """Every node with its path of positions, parents before children."""
    for position, node in enumerate(nodes, 1):
        yield path + (position,), node
        yield from walk(node.children, path + (position,))


def node_fields(node: Node) -> dict:
    return {
        "number": node.number,
        "label": node.label.written if node.label else "",
        "title": node.title,
        "body": paragraphs_text(node.body),
    }


def section_fields(node: Node) -> dict:
    return {
        **node_fields(node),
        "category": infer_category(node.title),
        "declared_count": node.declared_count,
    }


def create_trees(pairs: list[tuple[Essay, ParsedEssay]], words: WordCounts) -> None:
    """Sections, then points level by level (parents need their ids first)."""
    sections: dict[tuple[int, Path], Section] = {}
    for essay, parsed in pairs:
        for position, node in enumerate(parsed.nodes, 1):
            sections[(essay.pk, (position,))] = Section(
                essay=essay, position=position, **section_fields(node)
            )
    Section.objects.bulk_create(sections.values())
    create_points(pairs, sections, existing={}, words=words)


def create_points(
    pairs: list[tuple[Essay, ParsedEssay]],
    sections: dict[tuple[int, Path], Section],
    existing: dict[tuple[int, Path], Point],
    words: WordCounts,
) -> list[Point]:
    """Create the points not in `existing`, one bulk_create per depth."""
    by_depth: dict[int, list[tuple[int, Path, Node]]] = {}
    for essay, parsed in pairs:
        for path, node in walk(parsed.nodes):
            if len(path) > 1 and (essay.pk, path) not in existing:
                by_depth.setdefault(len(path), []).append((essay.pk, path, node))
    points = dict(existing)
    created = []
    for depth in sorted(by_depth):
        level = []
        for essay_pk, path, node in by_depth[depth]:
            point = Point(
                essay_id=essay_pk,
                section=sections[(essay_pk, path[:1])],
                parent=points.get((essay_pk, path[:-1])),
                position=path[-1],
                **node_fields(node),
            )
            points[(essay_pk, path)] = point
            level.append(point)
        created += Point.objects.bulk_create(level)
    nodes = [node for _, _, node in flat(by_depth)]
    tag_points(list(zip(created, nodes, strict=True)), words)
    return created


def flat(by_depth: dict[int, list]) -> list:
    return [item for depth in sorted(by_depth) for item in by_depth[depth]]


def tag_essays(pairs: list[tuple[Essay, ParsedEssay]], words: WordCounts) -> None:
    chosen = {
        essay.pk: tagging.essay_topics(words.essay(parsed)) for essay, parsed in pairs
    }
    topics = topics_by_name(name for names in chosen.values() for name in names)
    TaggedEssay.objects.bulk_create(
        TaggedEssay(content_object_id=essay_pk, tag=topics[name])
        for essay_pk, names in chosen.items()
        for name in names
    )


def tag_points(pairs: list[tuple[Point, Node]], words: WordCounts) -> None:
    chosen = {
        point.pk: tagging.point_topics(*words.node(node)) for point, node in pairs
    }
    topics = topics_by_name(name for names in chosen.values() for name in names)
    TaggedPoint.objects.bulk_create(
        TaggedPoint(content_object_id=point_pk, tag=topics[name])
        for point_pk, names in chosen.items()
        for name in names
    )


def replace_essays(
    collection: Collection,
    parsed_essays: Iterable[ParsedEssay],
    *,
    publish: bool,
    result: StoreResult,
) -> None:
    """Rewrite a stored collection's essays, keeping ids matched by title."""
    all_stored = list(collection.essays.order_by("position"))
    stored: dict[str, Essay] = {}
    for essay in all_stored:
        stored.setdefault(essay.title, essay)
    kept, new = [], []
    for position, parsed in enumerate(parsed_essays, 1):
        essay = stored.pop(parsed.title, None)
        if essay:
            kept.append((position, parsed, essay))
        else:
            new.append((position, parsed))
    kept_ids = {essay.pk for _, _, essay in kept}
    removed = [essay.pk for essay in all_stored if essay.pk not in kept_ids]
    Essay.objects.filter(pk__in=removed).delete()
    # Positions are unique per parent and SQLite cannot defer the check, so
    # essays that change places first move out of the way.
    ordering.park(collection.essays.all())
    now = timezone.now()  # bulk_update skips auto_now: set it here
    for position, parsed, essay in kept:
        essay.position = position
        essay.updated_at = now
        for name, value in essay_fields(parsed).items():
            setattr(essay, name, value)
    Essay.objects.bulk_update(
        [essay for _, _, essay in kept],
        ["position", "title", "date", "lead", "closing", "updated_at"],
    )
    created = create_essays(collection, new, publish)
    words = WordCounts()
    replace_trees([(essay, parsed) for _, parsed, essay in kept], result, words)
    new_pairs = list(zip(created, [parsed for _, parsed in new], strict=True))
    create_trees(new_pairs, words)
    tag_essays(new_pairs, words)
    result.changes.insert(
        0, f"文章：保留 {len(kept)}、新增 {len(created)}、删除 {len(removed)}"
    )


def stored_paths(essays: list[Essay]) -> tuple[dict, dict]:
    """The stored sections and points of `essays`, keyed by (essay id, path)."""
    sections = {
        (section.essay_id, (section.position,)): section
        for section in Section.objects.filter(essay__in=essays)
    }
    points = list(Point.objects.filter(essay__in=essays))
    by_id = {point.pk: point for point in points}
    section_position = {section.pk: path[0] for (_, path), section in sections.items()}

    def path_of(point: Point) -> Path:
        parent = by_id.get(point.parent_id)
        prefix = path_of(parent) if parent else (section_position[point.section_id],)
        return prefix + (point.position,)

    return sections, {(point.essay_id, path_of(point)): point for point in points}


def overwrite_essays(
    pairs: list[tuple[Essay, ParsedEssay]], result: StoreResult
) -> list[Essay]:
    """Give stored essays the text of the parsed essays that duplicate them.

    Each keeps its title (sites retitle essays), slug, status, topics and
    collection; its tree is rewritten in place like a replaced document's.
    """
    if not pairs:
        return []
    now = timezone.now()  # bulk_update skips auto_now: set it here
    for essay, parsed in pairs:
        fields = essay_fields(parsed)
        del fields["title"]
        for name, value in {**fields, "updated_at": now}.items():
            setattr(essay, name, value)
    essays = [essay for essay, _ in pairs]
    Essay.objects.bulk_update(essays, ["date", "lead", "closing", "updated_at"])
    replace_trees(pairs, result, WordCounts())
    result.changes.append(
        "替换的重复文章：" + "、".join(f"文章 {essay.pk}" for essay in essays)
    )
    return essays


def replace_trees(
    pairs: list[tuple[Essay, ParsedEssay]], result: StoreResult, words: WordCounts
) -> None:
    """Update the trees of kept essays in place, node by path of positions."""
    sections, points = stored_paths([essay for essay, _ in pairs])
    parsed: dict[tuple[int, Path], Node] = {
        (essay.pk, path): node
        for essay, tree in pairs
        for path, node in walk(tree.nodes)
    }
    gone_sections = [key for key in sections if key not in parsed]
    gone_points = [key for key in points if key not in parsed]
    Section.objects.filter(
        pk__in=[sections.pop(key).pk for key in gone_sections]
    ).delete()
    Point.objects.filter(pk__in=[points.pop(key).pk for key in gone_points]).delete()
    retitled = sum(points[key].title != parsed[key].title for key in points)
    now = timezone.now()  # bulk_update skips auto_now: set it here
    for key, section in sections.items():
        # The category stays: an editor may have corrected the inferred one.
        fields = section_fields(parsed[key])
        del fields["category"]
        for name, value in {**fields, "updated_at": now}.items():
            setattr(section, name, value)
    for key, point in points.items():
        for name, value in {**node_fields(parsed[key]), "updated_at": now}.items():
            setattr(point, name, value)
    Section.objects.bulk_update(
        sections.values(),
        ["number", "label", "title", "body", "declared_count", "updated_at"],
    )
    Point.objects.bulk_update(
        points.values(), ["number", "label", "title", "body", "updated_at"]
    )
    new_sections = {}
    for essay, tree in pairs:
        for position, node in enumerate(tree.nodes, 1):
            if (essay.pk, (position,)) not in sections:
                new_sections[(essay.pk, (position,))] = Section(
                    essay=essay, position=position, **section_fields(node)
                )
    Section.objects.bulk_create(new_sections.values())
    created = create_points(
        pairs, {**sections, **new_sections}, existing=points, words=words
    )
    result.changes.append(
        f"部分：保留 {len(sections)}、新增 {len(new_sections)}、"
        f"删除 {len(gone_sections)}；要点：保留 {len(points)}"
        f"（其中 {retitled} 个改了标题）、新增 {len(created)}、删除 {len(gone_points)}"
    )
