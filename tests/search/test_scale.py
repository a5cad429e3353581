"""Bounded work at any size (issue 11): fixed query counts, a bounded window of
ranked matches, bulk indexing, and topic pages paginated by essay."""

import pytest

from essays import search
from essays.models import Essay, Point, Section, TaggedPoint, Topic
from essays.search import indexing
from essays.search.models import Entry
from tests.search.conftest import everything

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["统战工作", "桂东", "群众 工作", "统战 -信访"])
def test_a_search_costs_the_same_few_queries_however_many_hits(
    corpus, text, django_assert_max_num_queries
):
    search.search("预热")  # the dictionary loads once per process
    with django_assert_max_num_queries(4):
        results = search.search(text, per_page=20)
    assert results.hits


def test_past_the_window_counts_are_lower_bounds_and_pages_still_fill(
    corpus, monkeypatch
):
    full = everything("统战")
    assert not full.is_capped and full.total > 5
    monkeypatch.setattr("essays.search.backends.database.MATCH_WINDOW", 5)
    capped = search.search("统战", per_page=3)
    assert capped.is_capped and capped.total == 5
    assert len(capped.hits) == 3
    assert {hit.object_id for hit in capped.hits} <= {h.object_id for h in full.hits}


def test_bulk_indexing_gives_the_entries_one_by_one_indexing_gives(corpus):
    before = sorted(Entry.objects.values_list("kind", "title_tokens", "body_tokens"))
    Entry.objects.all().delete()
    count = indexing.index_in_bulk(Essay.objects.values_list("pk", flat=True))
    after = sorted(Entry.objects.values_list("kind", "title_tokens", "body_tokens"))
    assert count == len(after) and after == before


@pytest.fixture
def crowded_topic(corpus):
    """A topic whose points stand in 25 essays."""
    topic = Topic.objects.create(name="测试主题", slug="ce-shi-zhu-ti")
    for n in range(25):
        essay = Essay.objects.create(
            collection=corpus,
            position=100 + n,
            title=f"测试文章{n}",
            slug=f"ce-shi-{n}",
            status=Essay.Status.PUBLISHED,
        )
        section = Section.objects.create(essay=essay, position=1, title="做法")
        for position in (1, 2):
            point = Point.objects.create(
                essay=essay, section=section, position=position, title=f"要点{n}"
            )
            TaggedPoint.objects.create(content_object=point, tag=topic)
    return topic


def test_a_topic_page_shows_one_page_of_essays_with_counts_for_all(
    client, crowded_topic, django_assert_max_num_queries
):
    url = crowded_topic.get_absolute_url()
    # Nine with the holders read, five once they are cached (topic_pages.py),
    # and the page cache's two each time: the versions before rendering, the
    # listed essays' counters with the content version after.
    with django_assert_max_num_queries(11):
        first = client.get(url).content.decode()
    with django_assert_max_num_queries(7):
        last = client.get(url + "?page=3").content.decode()
    assert "50 个要点" in first and "第 1 / 3 页" in first
    assert "测试文章0<" in first and "测试文章10<" not in first
    assert "测试文章24<" in last and "测试文章0<" not in last
