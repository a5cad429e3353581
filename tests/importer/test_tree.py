"""Numbering to levels: sections, points, groups, inline items, closing."""

import pytest

from tests.importer.helpers import as_json, only_essay, outline, paths

T = "标题\n"  # every document below starts with its title line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A style already open closes back to its level: a sibling there.
        (
            "一、甲\n(一)乙。内容。\n(二)丙。内容。\n二、丁\n(一)戊。内容。",
            [(1,), (1, 1), (1, 2), (2,), (2, 1)],
        ),
        # An ordinal continuing an open level is a sibling: one level mixes styles.
        (
            "第一部分:甲?\n第一,乙。\n第二,丙。\n二、丁?\n一要戊。内容。\n三、己?\n一要庚。内容。",
            [(1,), (1, 1), (1, 2), (2,), (2, 1), (3,), (3, 1)],
        ),
        ("开头。\n一是乙。内容。\n二、丙。内容。", [(None,), (None, 1), (None, 2)]),
        # A label with ordinal one opens a level below the current item.
        (
            "一、甲\n1、乙。内容。\n(1)丙。内容。\n(2)丁。内容。\n2、戊。内容。",
            [(1,), (1, 1), (1, 1, 1), (1, 1, 2), (1, 2)],
        ),
        # Otherwise a label is text.
        ("一、甲\n(一)乙。内容。\n3、丙。内容。", [(1,), (1, 1)]),
        # A restart under a numbered item goes on as its further children.
        (
            "一、甲\n1.乙。内容。\n2.丙。内容。\n在作风方面:\n1.丁。内容。",
            [(1,), (1, 1), (1, 2), (1, 1)],
        ),
        # Lead items 1. 2. then sections 一、 二、.
        (
            "1.甲。内容。\n2.乙。内容。\n一、丙\n(一)丁。内容。\n二、戊\n(一)己。内容。",
            [(None,), (None, 1), (None, 2), (1,), (1, 1), (2,), (2, 1)],
        ),
        # A restart under no numbered heading starts a new unnumbered group.
        (
            "(1)甲。内容。\n(2)乙。内容。\n(1)丙。内容。",
            [(None,), (None, 1), (None, 2), (None,), (None, 1)],
        ),
    ],
)
def test_level_rules(text, expected):
    assert paths(only_essay(T + text).nodes) == expected


def test_sections_need_a_heading_with_numbered_children():
    essay = only_essay(T + "一、甲\n(一)乙。内容。\n二、丙。内容。")
    assert [node.kind for node in essay.nodes] == ["section", "section"]
    assert essay.nodes[1].label.text == "二"


def test_one_sentence_articles_are_items_of_an_unnumbered_group():
    text = T + "".join(f"第{n}条 内容{n}。\n" for n in "一二三四五六七八九十")
    (group,) = only_essay(text).nodes
    assert (group.kind, group.label, group.number, group.title) == (
        "section",
        None,
        None,
        "",
    )
    assert [point.number for point in group.children] == list(range(1, 11))
    assert {point.kind for point in group.children} == {"point"}


def test_lead_in_moves_into_the_group_title_and_the_rest_stays():
    essay = only_essay(T + "开头一句。主要有以下几点:\n一是甲。内容。\n二是乙。内容。")
    assert essay.body == ("开头一句。",)
    assert essay.nodes[0].title == "主要有以下几点:"


def test_lead_in_paragraph_that_is_only_the_lead_in_moves_whole():
    essay = only_essay(
        T + "开头一句。\n主要有以下几点：\n一是甲。内容。\n二是乙。内容。"
    )
    assert essay.body == ("开头一句。",)
    assert essay.nodes[0].title == "主要有以下几点："


def test_lead_in_stays_in_place_before_sections():
    essay = only_essay(T + "我讲三个方面的问题:\n一、甲\n(一)乙。内容。")
    assert essay.body == ("我讲三个方面的问题:",)


def test_group_title_is_empty_without_a_lead_in():
    essay = only_essay(T + "开头一句。\n一是甲。内容。\n二是乙。内容。")
    assert essay.nodes[0].title == "" and essay.body == ("开头一句。",)


def test_title_runs_to_the_first_full_stop_and_the_rest_starts_the_body():
    (section,) = only_essay(T + "一、甲\n(一)认识不够。当前很多。\n更多内容。").nodes
    point = section.children[0]
    assert (point.title, point.body) == ("认识不够。", ("当前很多。", "更多内容。"))


def test_heading_only_line_is_the_whole_title():
    (section,) = only_essay(T + "一、当前的现状\n近年来推进。\n(一)甲。乙。").nodes
    assert (section.title, section.body) == ("当前的现状", ("近年来推进。",))


def test_inline_run_makes_sub_points_of_the_paragraph_item():
    text = T + "一、甲\n(一)乙。表现为:一是丙;二是丁;三是戊。后文。\n下一段。\n(二)己。"
    (section,) = only_essay(text).nodes
    point = section.children[0]
    assert point.body == ("表现为:",)
    assert [(c.label.text, c.title, c.body) for c in point.children] == [
        ("一是", "丙;", ()),
        ("二是", "丁;", ()),
        ("三是", "戊。", ("后文。", "下一段。")),
    ]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("(一)甲。一是乙。二是丙。", [(1, 1), (1, 1, 1), (1, 1, 2)]),
        ("(一)甲。一要乙。二要丙。", [(1, 1), (1, 1, 1), (1, 1, 2)]),
        ("(一)甲。第一,乙。第二,丙。", [(1, 1), (1, 1, 1), (1, 1, 2)]),
        ("(一)甲。(1)乙。(2)丙。", [(1, 1), (1, 1, 1), (1, 1, 2)]),
        ("(一)甲。其一,乙;其二,丙。", [(1, 1), (1, 1, 1), (1, 1, 2)]),
        # a label inside a sentence is text
        ("(一)甲。基层书记一要把自己管好;二是管好班子。", [(1, 1)]),
        # a lone first label is no run
        ("(一)甲。一是乙。", [(1, 1)]),
    ],
)
def test_inline_runs_of_every_family(paragraph, expected):
    assert paths(only_essay(T + "一、总\n" + paragraph).nodes)[1:] == expected


@pytest.mark.parametrize(
    ("paragraphs", "labels"),
    [
        ("(一)甲。内容提高。(二)干部。内容。", ["(一)", "(二)"]),
        ("一是加强领导,二是完善制度", ["一是", "二是"]),
        ("(1)起。\n(2)甲。需要整改。(3)推行。", ["(1)", "(2)", "(3)"]),
    ],
)
def test_label_of_the_items_style_continuing_its_ordinal_is_its_next_sibling(
    paragraphs, labels
):
    nodes = only_essay(T + "一、总\n" + paragraphs).nodes
    assert [(row[0][:1], row[1]) for row in outline(nodes)][1:] == [
        ((1,), label) for label in labels
    ]
    assert len(nodes[0].children) == len(labels)


def test_label_of_another_style_after_punctuation_is_text():
    text = T + "一、总\n1、起。\n2、甲。首先,乙。其次,丙。第三,丁。"
    point = only_essay(text).nodes[0].children[1]
    assert point.children == () and point.body == ("首先,乙。其次,丙。第三,丁。",)


def test_sibling_in_a_body_paragraph_splits_it():
    text = T + "一、总\n(一)甲。\n内容。(二)乙。内容二。"
    (section,) = only_essay(text).nodes
    assert [(p.title, p.body) for p in section.children] == [
        ("甲。", ("内容。",)),
        ("乙。", ("内容二。",)),
    ]


@pytest.mark.parametrize(
    ("ending", "body", "closing"),
    [
        # a concluding phrase opens the closing
        (["总之,要做好。"], (), ["总之,要做好。"]),
        (["总而言之,要做好。"], (), ["总而言之,要做好。"]),
        (["综上所述,要做好。"], (), ["综上所述,要做好。"]),
        (["总的来说,要做好。"], (), ["总的来说,要做好。"]),
        (["综合以上,要做好。"], (), ["综合以上,要做好。"]),
        (["总体来看,要做好。"], (), ["总体来看,要做好。"]),
        (["總之,要做好。"], (), ["總之,要做好。"]),
        # paragraphs before it stay in the last item's body
        (["当然,很难。", "总之,要做好。"], ("当然,很难。",), ["总之,要做好。"]),
        # no concluding phrase: the last item keeps them
        (["当然,很难。", "同志们,加油!"], ("当然,很难。", "同志们,加油!"), []),
    ],
)
def test_closing_starts_at_a_concluding_phrase(ending, body, closing):
    essay = only_essay(T + "一、总\n(一)甲。\n" + "\n".join(ending))
    assert essay.nodes[0].children[0].body == body
    assert list(essay.closing) == closing


def test_closing_starts_after_a_paragraph_that_ended_with_an_inline_run():
    text = T + "一、总\n1、甲。一是乙。二是丙。\n广大干部要努力。\n再努力。"
    essay = only_essay(text)
    assert essay.closing == ("广大干部要努力。", "再努力。")


def test_concluding_phrase_before_the_last_item_is_body():
    essay = only_essay(T + "一、总\n(一)甲。\n总之,很好。\n(二)乙。")
    assert essay.closing == () and essay.nodes[0].children[0].body == ("总之,很好。",)


def test_essay_without_numbered_items_has_no_closing():
    essay = only_essay(T + "开头。\n总之,很好。")
    assert essay.body == ("开头。", "总之,很好。") and essay.closing == ()


def test_articles_numbered_across_chapters_stay_under_their_chapter():
    text = T + "第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 职责\n第三条 丙。"
    assert paths(only_essay(text).nodes) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]


@pytest.mark.parametrize(
    ("lead_in", "found", "warned"),
    [
        ("至少要管好3件事:", 2, True),
        ("主要有以下两点:", 2, False),
        ("做到三个坚持:", 2, True),
    ],
)
def test_declared_count_that_differs_is_a_warning(lead_in, found, warned):
    items = "".join(f"{'一二三'[n]}是要点。内容。\n" for n in range(found))
    document = as_json(T + "开头。" + lead_in + "\n" + items)
    assert any("声明" in warning for warning in document["warnings"]) == warned


def test_declared_count_is_kept_on_the_section():
    text = T + "一、甲\n至少要管好2件事:\n第一,乙。\n第二,丙。"
    assert only_essay(text).nodes[0].declared_count == 2


def test_every_point_belongs_to_a_section():
    essay = only_essay(T + "1.甲。内容。\n2.乙。内容。")
    assert {node.kind for node in essay.nodes} == {"section"}


def test_label_continuing_the_previous_run_nests_the_run_between():
    text = T + "1.甲。内容。\n(1)乙。内容。\n(2)丙。内容。\n2.丁。内容。\n(1)戊。内容。"
    assert paths(only_essay(text).nodes) == [
        (None,),
        (None, 1),
        (None, 1, 1),
        (None, 1, 2),
        (None, 2),
        (None, 2, 1),
    ]


def test_label_that_continues_nothing_is_text_with_a_warning():
    document = as_json(T + "一、甲\n(一)乙。内容。\n3、丙。内容。")
    assert any("编号“3、”" in warning for warning in document["warnings"])
