"""store_document(): one transaction, idempotent, ids kept on replace."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essays.importer.nodes import Label, Node, ParsedDocument, ParsedEssay, Source
from essays.models import Collection, Essay, Point, Section, Topic
from essays.services.imports import chinese_summary
from essays.writer import ChangedDocument, store_document

pytestmark = pytest.mark.django_db


def label(text: str, number: int, mark: str = "、") -> Label:
    return Label(text=text, number=number, style="test", mark=mark)


def point(number: int, title: str, *children: Node, body: str = "") -> Node:
    return Node(
        kind="point",
        label=label(f"{number}", number),
        title=title,
        body=(body,) if body else (),
        children=children,
    )


def document(
    *essays: ParsedEssay, title="如何做好基层工作", site="某某文库", salt=""
) -> ParsedDocument:
    digest = hashlib.sha256(repr((essays, title, salt)).encode()).hexdigest()
    source = Source(path="x.txt", title=title, sha256=digest, site=site)
    return ParsedDocument(source=source, essays=essays)


def essay(
    title: str = "浅谈基层统战工作", points: int = 3, *, count=None
) -> ParsedEssay:
    return ParsedEssay(
        title=title,
        body=("开头第一段。", "开头第二段。"),
        nodes=(
            Node(
                kind="section",
                label=label("一", 1),
                title="当前基层统战工作的现状",
                body=("至少要做好以下几件事:",),
                declared_count=count,
                children=tuple(
                    point(n, f"第{n}点统战工作。", point(1, "一是团结党外人士。"))
                    for n in range(1, points + 1)
                ),
            ),
            Node(
                kind="section",
                label=label("二", 2),
                title="几点建议",
                children=(point(1, "要依靠党委。", body="争取领导重视统战工作。"),),
            ),
            Node(kind="section", label=None, title="主要有以下几点:", children=()),
        ),
        closing=("总之,要做好统战工作。",),
    )


def test_storing_writes_the_whole_tree():
    result = store_document(document(essay(count=3)), raw_text="原文", publish=True)
    assert result.status == "created"
    assert result.counts == {"essays": 1, "sections": 3, "points": 7}
    stored = Essay.objects.get()
    assert stored.status == Essay.Status.PUBLISHED and stored.published_at
    assert stored.lead == "开头第一段。\n开头第二段。"
    assert stored.closing_paragraphs() == ["总之,要做好统战工作。"]
    assert stored.collection.raw_text == "原文"
    first, second, group = stored.sections.order_by("position")
    assert (first.label, first.number, first.declared_count) == ("一、", 1, 3)
    assert (group.label, group.number) == ("", None)
    top = first.points.filter(parent=None).order_by("position")
    assert [p.label for p in top] == ["1、", "2、", "3、"]
    sub = top[0].children.get()
    assert (sub.title, sub.section, sub.essay) == ("一是团结党外人士。", first, stored)
    assert second.points.get().body_paragraphs() == ["争取领导重视统战工作。"]


def test_sections_get_their_category_from_the_title():
    store_document(document(essay()))
    categories = list(
        Section.objects.order_by("position").values_list("category", flat=True)
    )
    assert categories == ["status", "suggestions", "other"]


def test_drafts_unless_published():
    store_document(document(essay()))
    assert Essay.objects.get().status == Essay.Status.DRAFT


def test_essays_and_points_get_topics_from_their_text():
    store_document(document(essay()))
    assert "统战工作" in Essay.objects.get().topics.names()
    tagged = Point.objects.filter(topics__name="统战工作")
    assert tagged.exists()
    assert Topic.objects.get(name="统战工作").slug == "tong-zhan-gong-zuo"


def test_restoring_the_same_bytes_changes_nothing():
    doc = document(essay())
    first = store_document(doc)
    with CaptureQueriesContext(connection) as queries:
        again = store_document(doc)
    assert again.status == "unchanged"
    assert again.collection == first.collection
    assert not [
        q
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert Essay.objects.count() == 1 and Point.objects.count() == 7


def test_a_changed_version_is_refused_without_replace():
    store_document(document(essay()))
    changed = document(essay(points=4), salt="v2")
    with pytest.raises(ChangedDocument, match="--replace"):
        store_document(changed)
    assert Point.objects.count() == 7
    assert Collection.objects.count() == 1


def test_replace_keeps_ids_of_essays_by_title_and_points_by_path():
    store_document(document(essay(), essay("另一篇讲话")), publish=True)
    kept_essay = Essay.objects.get(title="浅谈基层统战工作")
    kept_point = Point.objects.get(
        essay=kept_essay, section__position=1, position=2, parent=None
    )
    kept_sub = kept_point.children.get()
    gone = Essay.objects.get(title="另一篇讲话")
    slug = kept_essay.slug

    new = document(essay("新的一篇"), essay(points=2), salt="v2")
    result = store_document(new, replace=True)

    assert result.status == "replaced"
    assert result.collection.pk == kept_essay.collection_id
    assert result.summary.startswith("替换：2 篇文章、")
    assert "文章：保留 1、新增 1、删除 1" in result.summary
    # Shown as stored: the translation of old English rows leaves it alone.
    assert chinese_summary(result.summary) == result.summary
    assert chinese_summary("replaced: 2 essays, 3 sections, 4 points") == (
        "替换：2 篇文章、3 个部分、4 个要点"
    )
    assert not Essay.objects.filter(pk=gone.pk).exists()
    kept_essay.refresh_from_db()
    assert (kept_essay.position, kept_essay.slug, kept_essay.status) == (
        2,
        slug,
        "published",
    )
    assert Point.objects.filter(pk=kept_point.pk).exists()
    assert Point.objects.filter(pk=kept_sub.pk, parent=kept_point).exists()
    # Point 3 of the first section is gone, with its sub-point.
    assert kept_essay.points.count() == 5
    assert Essay.objects.get(title="新的一篇").status == "draft"
    assert Collection.objects.get().sha256 == new.source.sha256


def test_a_failure_leaves_the_database_as_it_was():
    store_document(document(essay()))
    broken = essay("坏的一篇", count=-1)  # violates the positive count constraint
    with pytest.raises(Exception):  # noqa: B017 — the database's own error
        store_document(document(essay("好的一篇"), broken, title="另一份汇编"))
    assert Collection.objects.count() == 1
    assert Essay.objects.count() == 1
    assert not Essay.objects.filter(title="好的一篇").exists()


def test_essays_with_the_same_title_get_distinct_slugs():
    store_document(document(essay("同题"), essay("同题")))
    assert sorted(Essay.objects.values_list("slug", flat=True)) == [
        "tong-ti",
        "tong-ti-2",
    ]


def test_query_count_does_not_grow_with_the_number_of_points():
    store_document(document(essay(points=2), title="预热"))  # creates the topics once

    def queries_for(points: int, title: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            store_document(document(essay(points=points), title=title))
        return len(queries)

    # Equal, but for SQLite's cap on variables per INSERT, which splits a
    # bulk_create of 120 points into two batches.
    assert queries_for(60, "大") - queries_for(5, "小") <= 1
