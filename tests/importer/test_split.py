"""Essays: markers, lists of contents, titles, date lines, count warnings."""

import datetime

import pytest

from essays.importer.split import essay_date, marker_title, split_essays, undouble
from tests.importer.helpers import parse_text

BODY = "这是正文的第一句话。"


@pytest.mark.parametrize(
    "marker",
    [
        "第一篇:如何做好工作",
        "第一篇：如何做好工作",
        "第1篇:如何做好工作",
        "第十二篇:如何做好工作",
        "篇一:如何做好工作",
        "篇一：如何做好工作",
        "【篇一】如何做好工作",
        "【篇一:如何做好工作】",
        "【篇一：如何做好工作】",
        "第一篇：如何做好工作如何做好工作",  # glued to itself
    ],
)
def test_essay_marker_of_every_form_gives_the_title(marker):
    assert marker_title(marker) == "如何做好工作"


@pytest.mark.parametrize(
    "line",
    [
        "如何做好工作",
        "第一,要管大事。",
        "一篇好文章",
        "第一篇文章很好。",
        "上一篇:工作",
    ],
)
def test_other_lines_are_not_essay_markers(line):
    assert marker_title(line) is None


def test_each_marker_starts_an_essay():
    split = split_essays(["文集", "第一篇:甲", BODY, "第二篇:乙", BODY])
    assert [(essay.title, essay.paragraphs) for essay in split.essays] == [
        ("甲", (BODY,)),
        ("乙", (BODY,)),
    ]
    assert split.title == "文集"


def test_markers_one_after_another_are_a_list_of_contents():
    lines = ["文集", "第一篇:甲", "第二篇:乙", "第一篇:甲", BODY, "第二篇:乙", BODY]
    assert [essay.title for essay in split_essays(lines).essays] == ["甲", "乙"]


def test_last_marker_of_a_list_opens_the_first_essay_when_text_follows():
    lines = ["文集", "第一篇:甲", "第二篇:乙", BODY]
    assert [essay.title for essay in split_essays(lines).essays] == ["乙"]


@pytest.mark.parametrize("repeat", ["基层党建", "基层党建基层党建", "基层 党建"])
def test_title_line_repeated_after_the_marker_counts_once(repeat):
    split = split_essays(["文集", "第一篇:基层党建", repeat, BODY])
    assert split.essays[0].title == "基层党建"
    assert split.essays[0].paragraphs == (BODY,)


def test_title_line_repeated_after_the_title_counts_once():
    split = split_essays(["甲乙丙", "甲乙丙", BODY])
    assert split.essays[0].title == "甲乙丙"
    assert split.essays[0].paragraphs == (BODY,)


@pytest.mark.parametrize(
    ("title", "once"),
    [
        ("基层党建基层党建", "基层党建"),
        ("基层党建 基层党建", "基层党建"),
        ("谈谈", "谈谈"),  # short halves are a word, not a title
        ("标题", "标题"),
    ],
)
def test_title_glued_to_itself_counts_once(title, once):
    assert undouble(title) == once


def test_document_without_marker_holds_one_essay_titled_by_the_source_title():
    document = parse_text(f"如何做好工作\n{BODY}")
    assert document.source.title == "如何做好工作"
    assert [essay.title for essay in document.essays] == ["如何做好工作"]


def test_source_title_is_the_first_line_that_is_not_furniture():
    document = parse_text(f"当前位置:首页 > 范文\n如何做好工作\n{BODY}")
    assert document.source.title == "如何做好工作"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("(2010年4月20日)", datetime.date(2010, 4, 20)),
        ("（2010年4月20日）", datetime.date(2010, 4, 20)),
        ("2010年4月20日", datetime.date(2010, 4, 20)),
        ("2010-04-20", datetime.date(2010, 4, 20)),
        ("二〇一〇年四月二十日", datetime.date(2010, 4, 20)),
        ("20xx年4月20日", None),  # a placeholder is no date
        ("202_年4月20日", None),
        ("2010年2月30日", None),
        ("2010年4月20日在大会上的讲话", None),
    ],
)
def test_date_line_forms(line, date):
    assert essay_date(line) == date


def test_date_line_under_the_title_becomes_date_and_leaves_the_body():
    (essay,) = parse_text(f"如何做好工作\n(2010年4月20日)\n{BODY}").essays
    assert essay.date == datetime.date(2010, 4, 20)
    assert essay.body == (BODY,)


def test_placeholder_date_stays_in_the_text():
    (essay,) = parse_text(f"如何做好工作\n20xx年5月\n{BODY}").essays
    assert essay.date is None
    assert essay.body == ("20xx年5月", BODY)


@pytest.mark.parametrize(
    ("title", "warned"),
    [
        ("范文(3篇)", True),
        ("范文精选20篇", True),
        ("范文汇编三篇", True),
        ("范文(2篇)", False),
    ],
)
def test_essay_count_in_the_title_that_differs_is_a_warning(title, warned):
    document = parse_text(f"{title}\n第一篇:甲\n{BODY}\n第二篇:乙\n{BODY}")
    assert any("标题声明" in warning for warning in document.warnings) == warned


def test_title_glued_to_the_first_paragraph_goes():
    (essay,) = parse_text("党课讲稿\n党课讲稿同志们,今天讲三点。").essays
    assert essay.body == ("同志们,今天讲三点。",)


@pytest.mark.parametrize(
    "paragraph",
    [
        "党课讲稿。",  # the title as a whole sentence
        "党课讲稿。同志们,今天讲三点。",
        "党课讲稿,今天讲三点。",  # the title opens its sentence
        "党课讲稿:今天讲三点。",
        "党课讲稿”这四个字。",
    ],
)
def test_title_followed_by_a_mark_is_text_not_a_glued_start(paragraph):
    (essay,) = parse_text(f"党课讲稿\n{paragraph}").essays
    assert essay.body == (paragraph,)
