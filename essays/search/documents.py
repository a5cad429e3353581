"""Index entries built from essays, sections and points (and their topics).

What is searchable: an essay's title (title) and lead and closing (body); a
section's title and introduction; a point's title and body. Filters travel
with each entry: its collection, its section's category, its topics (a
section has its essay's).
"""

from collections import defaultdict
from collections.abc import Iterable

from essays.models import Essay, Point, Section, TaggedEssay, TaggedPoint
from essays.search.models import Entry
from essays.search.normalize import normalize
from essays.search.segment import index_tokens


def topic_key(ids: Iterable[int]) -> str:
    """' 3 17 ': a topic filter is a LIKE '% 3 %' on it."""
    ids = sorted(set(ids))
    return f" {' '.join(map(str, ids))} " if ids else ""


def with_text(entry: Entry, title: str, body: str) -> Entry:
    entry.title = normalize(title)
    entry.body = normalize(body)
    entry.title_tokens = " ".join(index_tokens(entry.title))
    entry.body_tokens = " ".join(index_tokens(entry.body))
    return entry


def essay_entry(essay: Essay, topic_ids: Iterable[int]) -> Entry:
    entry = Entry(
        kind=Entry.Kind.ESSAY,
        essay_id=essay.pk,
        collection_id=essay.collection_id,
        topic_ids=topic_key(topic_ids),
    )
    return with_text(entry, essay.title, f"{essay.lead}\n{essay.closing}")


def section_entry(section: Section, collection_id: int, topic_ids) -> Entry:
    entry = Entry(
        kind=Entry.Kind.SECTION,
        essay_id=section.essay_id,
        section_id=section.pk,
        collection_id=collection_id,
        category=section.category,
        topic_ids=topic_key(topic_ids),
    )
    return with_text(entry, section.title, section.body)


def point_entry(point: Point, section: Section, collection_id: int, topic_ids) -> Entry:
    entry = Entry(
        kind=Entry.Kind.POINT,
        essay_id=point.essay_id,
        section_id=point.section_id,
        point_id=point.pk,
        collection_id=collection_id,
        category=section.category,
        topic_ids=topic_key(topic_ids),
    )
    return with_text(entry, point.title, point.body)


def essay_topics(essay_ids) -> dict[int, list[int]]:
    topics = defaultdict(list)
    rows = TaggedEssay.objects.filter(content_object_id__in=essay_ids)
    for essay_id, tag_id in rows.values_list("content_object_id", "tag_id"):
        topics[essay_id].append(tag_id)
    return topics


def point_topics(point_ids) -> dict[int, list[int]]:
    topics = defaultdict(list)
    rows = TaggedPoint.objects.filter(content_object_id__in=point_ids)
    for point_id, tag_id in rows.values_list("content_object_id", "tag_id"):
        topics[point_id].append(tag_id)
    return topics


def entries_for_essays(essay_ids: list[int]) -> list[Entry]:
    """Every entry of these essays, in a fixed number of queries."""
    essays = list(Essay.objects.filter(pk__in=essay_ids))
    sections = {s.pk: s for s in Section.objects.filter(essay_id__in=essay_ids)}
    points = list(Point.objects.filter(essay_id__in=essay_ids))
    by_essay = essay_topics(essay_ids)
    by_point = point_topics([p.pk for p in points])
    collection_of = {essay.pk: essay.collection_id for essay in essays}
    entries = [essay_entry(essay, by_essay[essay.pk]) for essay in essays]
    entries += [
        section_entry(s, collection_of[s.essay_id], by_essay[s.essay_id])
        for s in sections.values()
    ]
    entries += [
        point_entry(
            p, sections[p.section_id], collection_of[p.essay_id], by_point[p.pk]
        )
        for p in points
    ]
    return entries
