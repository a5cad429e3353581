"""Search tests run on the bundled corpus, on whichever database DATABASE_URL names."""

import pytest

from essays import search
from essays.search.models import Entry
from essays.search.normalize import normalize


@pytest.fixture
def corpus(imported_corpus):
    return imported_corpus


def everything(text: str, **options):
    """All hits for `text` on one page."""
    return search.search(text, per_page=1000, **options)


def containing(word: str) -> set[tuple[str, int]]:
    """Brute force: published entries whose normalized text contains `word`."""
    word = normalize(word)
    return {
        (entry.kind, entry.point_id or entry.section_id or entry.essay_id)
        for entry in Entry.objects.filter(essay__status="published")
        if word in entry.title or word in entry.body
    }


def keys(results) -> set[tuple[str, int]]:
    return {(hit.kind, hit.object_id) for hit in results.hits}
