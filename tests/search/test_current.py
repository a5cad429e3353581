"""The index follows every kind of change, in the writing transaction."""

import pytest
from django.core.management import call_command

from essays.models import Essay, Point, Section, TaggedPoint, Topic
from essays.search.models import Entry
from essays.services import ordering
from essays.writer import store_document
from tests.conftest import BUNDLED, parsed_document
from tests.search.conftest import everything, keys

pytestmark = pytest.mark.django_db


def test_an_import_indexes_every_essay_section_and_point(corpus):
    assert Entry.objects.filter(kind="essay").count() == Essay.objects.count()
    assert Entry.objects.filter(kind="section").count() == Section.objects.count()
    assert Entry.objects.filter(kind="point").count() == Point.objects.count()


def test_an_edit_is_found_at_once_and_the_old_text_is_gone(corpus):
    point = Point.objects.filter(title__contains="统战").first()
    point.title = "推行网格化管理"
    point.save()
    assert ("point", point.pk) in keys(everything("网格化管理"))
    assert ("point", point.pk) not in keys(everything('"' + "统战" + '"'))


def test_section_and_essay_edits(corpus):
    section = Section.objects.first()
    section.body = "一段关于桑梓情怀的介绍"
    section.category = "methods"
    section.save()
    assert ("section", section.pk) in keys(everything("桑梓情怀", category="methods"))
    point = section.points.first()
    assert all(e.category == "methods" for e in Entry.objects.filter(point=point))
    essay = section.essay
    essay.lead = "开头讲到了乡贤理事会"
    essay.save()
    assert ("essay", essay.pk) in keys(everything("乡贤理事会"))


def test_deletes_leave_no_entries(corpus):
    point = Point.objects.filter(title__contains="统战").first()
    point.delete()
    assert ("point", point.pk) not in keys(everything("统战"))
    essay = Essay.objects.first()
    essay.delete()
    assert not Entry.objects.filter(essay_id=essay.pk).exists()


def test_reorder_keeps_points_findable(corpus):
    point = Point.objects.filter(parent=None).order_by("section", "position")[1]
    before = keys(everything(point.title[:6]))
    siblings = list(ordering.siblings_of(point))
    siblings.remove(point)
    ordering.place([point, *siblings])  # the bulk path every reorder ends in
    point.refresh_from_db()
    assert point.position == 1
    assert keys(everything(point.title[:6])) == before


def test_unpublish_and_publish(corpus):
    essay = Essay.objects.get(position=1)
    essay.status = Essay.Status.DRAFT
    essay.save()
    assert not any(h.essay == essay for h in everything("工作").hits)
    essay.status = Essay.Status.PUBLISHED
    essay.save()
    assert any(h.essay == essay for h in everything("工作").hits)


def test_topic_changes_reach_the_topic_filter(corpus):
    essay = Essay.objects.get(position=1)
    topic = Topic.objects.create(name="新时代乡村振兴")
    slug = topic.slug
    essay.topics.add(topic)
    assert ("essay", essay.pk) in keys(everything("工作", topic=slug))
    essay.topics.remove(topic)
    assert everything("工作", topic=slug).total == 0
    point = Point.objects.first()
    TaggedPoint.objects.create(content_object=point, tag=topic)  # a through row
    assert keys(everything(point.title[:4], topic=slug)) == {("point", point.pk)}
    topic_key = f" {topic.pk} "
    topic.delete()
    assert not Entry.objects.filter(topic_ids__contains=topic_key).exists()


def test_a_draft_import_is_not_found_until_published(db):
    result = store_document(parsed_document(BUNDLED), publish=False)
    assert everything("统战工作").total == 0
    assert everything("统战工作", include_drafts=True).total > 0
    for essay in result.collection.essays.all():
        essay.status = Essay.Status.PUBLISHED
        essay.save()
    assert everything("统战工作").total > 0


def test_rebuild_search_index_restores_a_lost_index(corpus, capsys):
    before = keys(everything("统战工作"))
    Entry.objects.all().delete()
    assert everything("统战工作").total == 0
    call_command("rebuild_search_index")
    assert keys(everything("统战工作")) == before
    assert "已索引" in capsys.readouterr().out
