"""Keep the index current, in the writing transaction.

Saves and deletes reach it through signals (signals.py); bulk writes, which
send none, call `index_collection()` or `index_nodes()` when they are done
(essays/writer.py, essays/services/ordering.py). Entries of deleted objects go
with them (their foreign keys cascade).
"""

import json
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.db import connection, transaction

from essays.models import Essay, Point, Section
from essays.search import dictionary, documents
from essays.search.models import Entry, Term

BATCH = 500


def chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@lru_cache(maxsize=100_000)
def pinyin(token: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(token))[:400]


# One statement however many tokens (the import's query count stays flat).
ADD_TERMS = {
    "sqlite": (
        "INSERT OR IGNORE INTO search_term (token, pinyin, length) "
        "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
        "json_extract(value, '$[2]') FROM json_each(%s)"
    ),
    "postgresql": (
        "INSERT INTO search_term (token, pinyin, length) "
        "SELECT t->>0, t->>1, (t->>2)::int FROM json_array_elements(%s::json) t "
        "ON CONFLICT (token) DO NOTHING"
    ),
}


def record_terms(entries: Iterable[Entry]) -> None:
    """Add the entries' new tokens to the vocabulary (it only grows)."""
    tokens = sorted(
        {
            token
            for entry in entries
            for text in (entry.title_tokens, entry.body_tokens)
            for token in text.split()
            if len(token) <= 100
        }
    )
    if not tokens:
        return
    if connection.vendor in ADD_TERMS:
        rows = [[token, pinyin(token), len(token)] for token in tokens]
        with connection.cursor() as cursor:
            cursor.execute(ADD_TERMS[connection.vendor], [json.dumps(rows)])
        return
    Term.objects.bulk_create(
        [Term(token=t, pinyin=pinyin(t), length=len(t)) for t in tokens],
        ignore_conflicts=True,
    )


def store(entries: list[Entry]) -> None:
    Entry.objects.bulk_create(entries, batch_size=BATCH)
    record_terms(entries)
    notify_backend([entry.pk for entry in entries if entry.pk])


def notify_backend(entry_ids: list[int]) -> None:
    """A search cluster learns of changed entries once the change commits."""
    from essays.search.backends import get_search_backend

    backend = get_search_backend()
    if backend.keeps_own_index and entry_ids:
        transaction.on_commit(lambda: backend.update(entry_ids))


@transaction.atomic
def index_essays(essay_ids: Iterable[int]) -> int:
    """Rebuild the entries of these essays, their sections and points."""
    essay_ids = list(essay_ids)
    dictionary.load()
    Entry.objects.filter(essay_id__in=essay_ids).delete()
    entries = []
    for batch in chunks(essay_ids, 200):
        entries += documents.entries_for_essays(batch)
    store(entries)
    return len(entries)


def index_collection(collection) -> int:
    """After a bulk import or replacement of a collection."""
    return index_essays(collection.essays.values_list("pk", flat=True))


def index_nodes(nodes: Iterable[Essay | Section | Point]) -> None:
    """After a bulk update of some essays, sections or points."""
    for node in nodes:
        index_object(node)


def index_object(node: Essay | Section | Point) -> None:
    """One object's entry (and what its change alters in its children's)."""
    dictionary.load()
    if isinstance(node, Essay):
        topics = documents.essay_topics([node.pk])[node.pk]
        entry = documents.essay_entry(node, topics)
        # Sections carry their essay's topics; all entries its collection.
        Entry.objects.filter(essay_id=node.pk).exclude(kind=Entry.Kind.ESSAY).update(
            collection_id=node.collection_id
        )
        replace(Entry.objects.filter(kind=Entry.Kind.ESSAY, essay_id=node.pk), entry)
        return
    essay = Essay.objects.filter(pk=node.essay_id).only("collection_id").first()
    if essay is None:  # restored before its essay (history); the essay reindexes
        return
    if isinstance(node, Section):
        topics = documents.essay_topics([node.essay_id])[node.essay_id]
        entry = documents.section_entry(node, essay.collection_id, topics)
        Entry.objects.filter(kind=Entry.Kind.POINT, section_id=node.pk).update(
            category=node.category
        )
        replace(
            Entry.objects.filter(kind=Entry.Kind.SECTION, section_id=node.pk), entry
        )
        return
    section = Section.objects.filter(pk=node.section_id).first()
    if section is None:
        return
    topics = documents.point_topics([node.pk])[node.pk]
    entry = documents.point_entry(node, section, essay.collection_id, topics)
    replace(Entry.objects.filter(kind=Entry.Kind.POINT, point_id=node.pk), entry)


def replace(old, entry: Entry) -> None:
    old.delete()
    store([entry])


def update_topics(model: type, object_id: int) -> None:
    """After an essay's or a point's topics changed."""
    if model is Essay:
        topics = documents.topic_key(documents.essay_topics([object_id])[object_id])
        Entry.objects.filter(essay_id=object_id).exclude(kind=Entry.Kind.POINT).update(
            topic_ids=topics
        )
    else:
        topics = documents.topic_key(documents.point_topics([object_id])[object_id])
        Entry.objects.filter(kind=Entry.Kind.POINT, point_id=object_id).update(
            topic_ids=topics
        )


def rebuild(progress: Callable[[int], None] = lambda done: None) -> int:
    """Every entry again, essay by essay in batches; returns how many."""
    with transaction.atomic():
        Entry.objects.all().delete()
        Term.objects.all().delete()
    return index_in_bulk(
        Essay.objects.order_by("pk").values_list("pk", flat=True), progress=progress
    )


def index_in_bulk(
    essay_ids: Iterable[int], *, progress: Callable[[int], None] = lambda done: None
) -> int:
    """Index many essays: 100 a transaction, then a tidy index and statistics.

    Without them PostgreSQL plans a search over a grown index as if it
    were empty (a nested loop over every essay: seconds, not milliseconds).
    """
    total = 0
    for batch in chunks(list(essay_ids), 100):
        total += index_essays(batch)
        progress(len(batch))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Rows waiting in the GIN index's pending list are scanned by
            # every search until a vacuum merges them (17 ms at 100,000 points).
            cursor.execute("SELECT gin_clean_pending_list('search_entry_vector')")
        # Every table: bulk writes leave the content tables' statistics stale
        # too (a topic page planned 10x slower), and autovacuum comes later.
        cursor.execute("ANALYZE")
    return total
