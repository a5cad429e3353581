"""The domain model: ordering constraints, cascades, slugs, URLs."""

import pytest
from django.db import IntegrityError, transaction

from essays.models import Collection, Essay, Point, Section, Topic, paragraphs

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay() -> Essay:
    collection = Collection.objects.create(title="汇编", sha256="a" * 64)
    return Essay.objects.create(
        collection=collection, position=1, title="浅谈基层统战工作"
    )


@pytest.fixture
def section(essay) -> Section:
    return Section.objects.create(
        essay=essay, position=1, number=1, label="一、", title="现状"
    )


def test_essay_positions_are_unique_within_a_collection(essay):
    with pytest.raises(IntegrityError), transaction.atomic():
        Essay.objects.create(collection=essay.collection, position=1, title="另一篇")


def test_same_position_in_another_collection_is_fine(essay):
    other = Collection.objects.create(title="另一份", sha256="b" * 64)
    Essay.objects.create(collection=other, position=1, title="另一篇")


def test_section_positions_are_unique_within_an_essay(section):
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.create(essay=section.essay, position=1, title="重复")


def test_point_positions_are_unique_within_a_section(section):
    Point.objects.create(essay=section.essay, section=section, position=1, title="甲")
    with pytest.raises(IntegrityError), transaction.atomic():
        Point.objects.create(
            essay=section.essay, section=section, position=1, title="乙"
        )


def test_point_positions_are_unique_within_a_parent_point(section):
    parent = Point.objects.create(essay=section.essay, section=section, position=1)
    Point.objects.create(
        essay=section.essay, section=section, parent=parent, position=1
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Point.objects.create(
            essay=section.essay, section=section, parent=parent, position=1
        )


def test_sub_points_may_share_positions_with_top_level_points(section):
    first = Point.objects.create(essay=section.essay, section=section, position=1)
    Point.objects.create(essay=section.essay, section=section, parent=first, position=1)
    assert section.points.count() == 2


def test_sub_points_nest_to_any_depth(section):
    parent = None
    for depth in range(5):
        parent = Point.objects.create(
            essay=section.essay,
            section=section,
            parent=parent,
            position=1,
            title=f"{depth}",
        )
    assert Point.objects.get(pk=parent.pk).parent.parent.parent.parent.title == "0"


def test_deleting_a_collection_deletes_its_whole_tree_but_not_topics(section):
    point = Point.objects.create(essay=section.essay, section=section, position=1)
    point.topics.add("统战工作")
    section.essay.collection.delete()
    assert not Essay.objects.exists()
    assert not Section.objects.exists()
    assert not Point.objects.exists()
    assert Topic.objects.filter(name="统战工作").exists()


def test_deleting_a_point_deletes_its_sub_points(section):
    parent = Point.objects.create(essay=section.essay, section=section, position=1)
    Point.objects.create(
        essay=section.essay, section=section, parent=parent, position=1
    )
    parent.delete()
    assert not Point.objects.exists()


def test_deleting_a_topic_keeps_the_essays_it_tagged(essay):
    essay.topics.add("群众工作")
    Topic.objects.get(name="群众工作").delete()
    assert Essay.objects.filter(pk=essay.pk).exists()
    assert list(essay.topics.all()) == []


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("统战工作", "tong-zhan-gong-zuo"),
        ("统战", "tong-zhan"),
        ("党风廉政", "dang-feng-lian-zheng"),
        ("思想政治工作", "si-xiang-zheng-zhi-gong-zuo"),
    ],
)
def test_topic_slugs_are_ascii_pinyin(name, slug):
    assert Topic.objects.create(name=name).slug == slug


def test_chinese_topics_get_distinct_non_empty_slugs():
    slugs = [
        Topic.objects.create(name=name).slug
        for name in ("统战工作", "统战", "党风廉政")
    ]
    assert len(set(slugs)) == 3
    assert all(slug and slug.isascii() for slug in slugs)


def test_topic_slug_collision_gets_a_numbered_suffix():
    Topic.objects.create(name="統战")  # another spelling, same pinyin
    assert Topic.objects.create(name="统战").slug == "tong-zhan-2"


def test_topics_added_through_an_essay_get_pinyin_slugs(essay):
    essay.topics.add("基层党建")
    assert essay.topics.get().slug == "ji-ceng-dang-jian"


def test_essay_slug_is_pinyin_of_its_title(essay):
    assert essay.slug == "qian-tan-ji-ceng-tong-zhan-gong-zuo"


def test_second_essay_with_the_same_title_gets_suffix_2(essay):
    again = Essay.objects.create(
        collection=essay.collection, position=2, title=essay.title
    )
    third = Essay.objects.create(
        collection=essay.collection, position=3, title=essay.title
    )
    assert again.slug == essay.slug + "-2"
    assert third.slug == essay.slug + "-3"


def test_essay_slug_never_changes_when_the_title_does(essay):
    original = essay.slug
    essay.title = "完全不同的标题"
    essay.save()
    essay.refresh_from_db()
    assert essay.slug == original


def test_long_titles_give_slugs_of_at_most_60_characters(essay):
    title = "关于进一步加强和改进新形势下基层党组织建设和群众工作的若干意见与实施办法"
    first = Essay.objects.create(collection=essay.collection, position=2, title=title)
    second = Essay.objects.create(collection=essay.collection, position=3, title=title)
    assert len(first.slug) <= 60
    assert len(second.slug) <= 60
    assert second.slug.endswith("-2")
    assert not first.slug.endswith("-")


def test_a_title_without_any_spelling_still_gets_a_slug(essay):
    symbols = Essay.objects.create(collection=essay.collection, position=2, title="★★★")
    assert symbols.slug == "essay"


def test_published_queryset_hides_drafts(essay):
    assert list(Essay.objects.published()) == []
    essay.status = Essay.Status.PUBLISHED
    essay.save()
    assert list(Essay.objects.published()) == [essay]


def test_absolute_urls(section):
    point = Point.objects.create(essay=section.essay, section=section, position=1)
    topic = Topic.objects.create(name="统战工作")
    assert section.essay.get_absolute_url() == f"/essays/{section.essay.slug}/"
    assert section.get_absolute_url() == f"/essays/{section.essay.slug}/#s1"
    assert point.get_absolute_url() == f"/points/{point.pk}/"
    assert topic.get_absolute_url() == "/topics/tong-zhan-gong-zuo/"
    assert section.essay.collection.get_absolute_url().startswith(
        "/essays/?collection="
    )


def test_str_shows_label_and_title(section):
    point = Point.objects.create(
        essay=section.essay,
        section=section,
        position=1,
        label="第一,",
        title="要管大事。",
    )
    assert str(section) == "一、现状"
    assert str(point) == "第一,要管大事。"
    assert str(section.essay) == "浅谈基层统战工作"


def test_paragraph_fields_split_on_lines():
    assert paragraphs("甲\n\n  乙 \n") == ["甲", "乙"]
