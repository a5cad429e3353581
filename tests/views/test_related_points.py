"""A point page's related points: most shared topics first, then reading order."""

import pytest

from essays import selectors
from essays.models import Point, TaggedPoint

pytestmark = pytest.mark.django_db


def test_points_sharing_more_topics_come_first(imported_corpus):
    points = list(Point.objects.filter(essay__status="published").order_by("pk"))
    point, both, one, other = points[0], points[40], points[10], points[20]
    TaggedPoint.objects.all().delete()
    point.topics.add("甲主题", "乙主题")
    both.topics.add("甲主题", "乙主题")
    one.topics.add("甲主题")
    other.topics.add("乙主题")
    related = selectors.point_page(point.pk).related
    assert [p.pk for p in related] == [
        both.pk,
        *sorted(
            [one.pk, other.pk], key=lambda pk: (Point.objects.get(pk=pk).essay_id, pk)
        ),
    ]
    assert [p.shared for p in related] == [2, 1, 1]


def test_the_point_itself_its_parent_and_drafts_are_never_related(imported_corpus):
    TaggedPoint.objects.all().delete()
    sub = Point.objects.filter(parent__isnull=False, essay__status="published").first()
    sub.topics.add("丙主题")
    sub.parent.topics.add("丙主题")
    draft = Point.objects.exclude(essay=sub.essay).first()
    draft.essay.status = "draft"
    draft.essay.save()
    draft.topics.add("丙主题")
    assert selectors.point_page(sub.pk).related == []


def test_a_point_with_many_topics_is_ranked_by_its_first_few(imported_corpus):
    TaggedPoint.objects.all().delete()
    point, neighbour = Point.objects.filter(essay__status="published")[:2]
    names = [f"主题{n}" for n in range(12)]
    point.topics.add(*names)
    neighbour.topics.add(*names)
    (found,) = selectors.point_page(point.pk).related
    assert found.pk == neighbour.pk and found.shared == selectors.RANKED_TOPICS


def test_the_ranking_is_kept_per_structure_and_the_points_read_fresh(
    imported_corpus, django_assert_num_queries
):
    TaggedPoint.objects.all().delete()
    first, second, third, fourth = Point.objects.filter(
        essay__status="published"
    ).order_by("pk")[:4]
    for point in (first, second, third):
        point.topics.add("丁主题")
    topics = [first.topics.get().pk]
    assert [p.pk for p in selectors.related_points(topics, exclude=[first.pk])] == [
        second.pk,
        third.pk,
    ]
    # Another point of the same topic: the ranking is not made again.
    with django_assert_num_queries(2):  # the structure version, the points
        again = selectors.related_points(topics, exclude=[second.pk])
    assert [p.pk for p in again] == [first.pk, third.pk]
    Point.objects.filter(pk=third.pk).update(title="新的相关标题")
    assert selectors.related_points(topics, exclude=[first.pk])[1].title == (
        "新的相关标题"
    )
    fourth.topics.add("丁主题")  # a change of structure: ranked again
    related = selectors.related_points(topics, exclude=[first.pk])
    assert [p.pk for p in related] == [second.pk, third.pk, fourth.pk]
