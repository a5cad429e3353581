"""Ranking on the bundled corpus: title hit > body hit, phrase > scattered
words, a point > its essay when both match alike."""

import pytest

from essays.models import Essay, Point
from essays.search.models import Entry
from essays.search.normalize import normalize
from tests.search.conftest import everything

pytestmark = pytest.mark.django_db


def entry_of(hit) -> Entry:
    return Entry.objects.get(
        kind=hit.kind,
        **{f"{hit.kind}_id": hit.object_id},
    )


@pytest.mark.parametrize("word", ["统战工作", "群众", "统战", "统一战线"])
def test_title_hits_come_before_body_hits(corpus, word):
    in_title = [normalize(word) in entry_of(hit).title for hit in everything(word).hits]
    assert True in in_title and False in in_title
    assert in_title == sorted(in_title, reverse=True)


def test_a_phrase_comes_before_scattered_words(corpus):
    hits = everything("群众 工作", kind="point").hits
    tiers = [
        (
            ("群众" in entry_of(h).title) + ("工作" in entry_of(h).title),
            "群众工作" in entry_of(h).title + entry_of(h).body,
        )
        for h in hits
    ]
    assert (0, True) in tiers and (0, False) in tiers
    assert tiers == sorted(tiers, reverse=True)


def test_a_point_comes_before_its_essay_when_both_match_alike(corpus):
    essay = Essay.objects.get(position=1)
    point = Point.objects.create(
        essay=essay, section=essay.sections.first(), position=97, title="桂东模式"
    )
    essay.title = "桂东模式"
    essay.save()
    hits = [(h.kind, h.object_id) for h in everything("桂东模式").hits]
    assert hits.index(("point", point.pk)) < hits.index(("essay", essay.pk))


def test_expected_order_for_a_reader_query(corpus):
    """统战工作: the essay and sections titled with it lead the points that
    only mention it."""
    hits = everything("统战工作").hits
    first = entry_of(hits[0])
    assert "统战工作" in first.title
    assert hits[-1].kind in {"point", "section", "essay"}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
