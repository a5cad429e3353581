"""A topic's handout: points by essay and section, each able to stand alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essays.models import Point, Topic
from essays.selectors import point_anchor
from essays.typography import typeset_text as shown
from tests.exports.reading import lines, word

pytestmark = pytest.mark.django_db


def handout(client, topic: Topic):
    return word(client.get(f"/topics/{topic.slug}/handout.docx"))


def heading_level(style_name: str) -> int | None:
    prefix = "Heading "
    return int(style_name[len(prefix) :]) if style_name.startswith(prefix) else None


def test_every_point_is_there_with_its_essay_source_and_a_link_to_its_place(
    client, imported_samples
):
    for topic in Topic.objects.all():
        document = handout(client, topic)
        text = lines(document)
        assert text[0] == f"{topic.name}学习材料"
        points = Point.objects.filter(topics=topic).select_related(
            "essay__collection", "section", "parent__parent__parent"
        )
        essays = len({point.essay_id for point in points})
        assert text[1] == f"共{points.count()}个要点，出自{essays}篇文章。"
        for point in points:
            heading = text.index(shown(f"{point.label}{point.title}"))
            link = f"见原文：http://testserver/essays/{point.essay.slug}/#{point_anchor(point)}"
            after = text[heading + 1 :]
            assert after[len(point.body_paragraphs())] == link, point
            assert shown(point.essay.title) in text
            source = f"来源：{shown(point.essay.collection.title)}"
            if point.essay.date:
                date = point.essay.date
                source += f"，{date.year}年{date.month}月{date.day}日"
            assert source in text
        assert not [line for line in text if "›" in line]


def test_each_sub_point_follows_its_parents_label_and_title(client, imported_samples):
    checked = 0
    for topic in Topic.objects.all():
        paragraphs = handout(client, topic).paragraphs
        texts = [paragraph.text for paragraph in paragraphs]
        for point in Point.objects.filter(topics=topic, parent__isnull=False):
            parent = shown(f"{point.parent.label}{point.parent.title}")
            index = texts.index(shown(f"{point.label}{point.title}"))
            level = heading_level(paragraphs[index].style.name)
            # The nearest heading above, or a context line, is the parent.
            for above in reversed(paragraphs[:index]):
                above_level = heading_level(above.style.name)
                if above.style.name == "上下文" and above.text.startswith("上级要点："):
                    assert above.text == f"上级要点：{parent}", point
                    break
                if above_level is not None and above_level < level:
                    assert above.text == parent, point
                    break
            else:
                pytest.fail(f"{point} has no parent above it")
            checked += 1
    assert checked >= 10  # the corpus has sub-points on several topics


def test_siblings_off_the_topic_are_summarised_not_skipped(client, imported_corpus):
    fifth = Point.objects.get(
        essay__position=1, section__position=1, parent=None, position=5
    )
    second_child = fifth.children.get(position=2)  # 二是管生活作风。
    second_child.topics.add("试讲主题")
    fourth = fifth.section.points.get(parent=None, position=4)
    fourth.topics.add("试讲主题")
    text = lines(handout(client, Topic.objects.get(name="试讲主题")))
    assert shown(f"{fourth.label}{fourth.title}") in text
    assert shown(f"上级要点：{fifth.label}{fifth.title}") in text
    summaries = [line for line in text if line.startswith(("同节另有", "同级另有"))]
    tops = fifth.section.points.filter(parent=None).exclude(
        pk__in=[fourth.pk, fifth.pk]
    )
    siblings = fifth.children.exclude(pk=second_child.pk)
    assert summaries == [
        f"同级另有{siblings.count()}条：" + summary_of(siblings),
        f"同节另有{tops.count()}条：" + summary_of(tops),
    ]


def summary_of(points) -> str:
    items = []
    for point in points.order_by("position"):
        title = point.title.rstrip("。；，：,.;:!！?？ ")
        title = title[:20] + "……" if len(title) > 20 else title
        items.append(shown(f"{point.label}{title}"))
    return "；".join(items) + "。"


def test_a_point_whose_sub_points_are_off_the_topic_lists_them(client, imported_corpus):
    fifth = Point.objects.get(
        essay__position=1, section__position=1, parent=None, position=5
    )
    fifth.topics.add("只标上级")
    text = lines(handout(client, Topic.objects.get(name="只标上级")))
    children = fifth.children.all()
    assert f"下设{children.count()}条：{summary_of(children)}" in text


def test_the_handout_costs_the_same_queries_for_a_small_and_a_large_topic(
    client, imported_samples
):
    counts = []
    for name in ("企业文化", "统战工作"):
        with CaptureQueriesContext(connection) as queries:
            handout(client, Topic.objects.get(name=name))
        counts.append(len(queries))
    assert counts[0] == counts[1]
