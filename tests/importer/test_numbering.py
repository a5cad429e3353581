"""Label recognition: every family of the contract's table, and what is text."""

import pytest

from essays.importer.numbering import (
    chinese_numeral,
    inline_labels,
    leading_label,
    sentence_end,
)
from essays.importer.patterns import fold


@pytest.mark.parametrize(
    ("paragraph", "label", "number", "mark"),
    [
        # part, chapter, section, article, point
        ("第一部分:基层党组织", "第一部分", 1, ":"),
        ("第一章总则", "第一章", 1, ""),
        ("第一节 概述", "第一节", 1, ""),
        ("第三条 为了规范管理", "第三条", 3, ""),
        ("第一点,要学习", "第一点", 1, ","),
        # Chinese numeral + mark, in any width
        ("一、加强学习", "一", 1, "、"),
        ("二,加强学习", "二", 2, ","),
        ("三，加强学习", "三", 3, "，"),
        ("四.加强学习", "四", 4, "."),
        ("五．加强学习", "五", 5, "．"),
        ("六:加强学习", "六", 6, ":"),
        # bracketed
        ("(一)认识不够", "(一)", 1, ""),
        ("（一）认识不够", "（一）", 1, ""),
        ("(1)认识不够", "(1)", 1, ""),
        ("（1）认识不够", "（1）", 1, ""),
        ("⑴认识不够", "⑴", 1, ""),
        ("1)认识不够", "1)", 1, ""),
        ("1）认识不够", "1）", 1, ""),
        # Arabic + mark
        ("1、统战工作", "1", 1, "、"),
        ("1.统战工作", "1", 1, "."),
        ("1．统战工作", "1", 1, "．"),
        ("１．统战工作", "１", 1, "．"),
        ("⒈统战工作", "⒈", 1, ""),
        ("1,统战工作", "1", 1, ","),
        # decimal
        ("1.1 组织建设", "1.1", 1, ""),
        ("1.2组织建设", "1.2", 2, ""),
        ("1.1.1组织建设", "1.1.1", 1, ""),
        # ordinal words
        ("第一,要管大事。", "第一", 1, ","),
        ("第一、要管大事。", "第一", 1, "、"),
        ("第一:要管大事。", "第一", 1, ":"),
        ("其一,要管大事。", "其一", 1, ","),
        ("一是管工作作风。", "一是", 1, ""),
        ("二是管生活作风。", "二是", 2, ""),
        ("一要发挥作用。", "一要", 1, ""),
        ("二要发挥作用。", "二要", 2, ""),
        # numerals up to 九十九, financial numerals
        ("第十,要管群团。", "第十", 10, ","),
        ("第十一,要管群团。", "第十一", 11, ","),
        ("二十三、加强学习", "二十三", 23, "、"),
        ("九十九、加强学习", "九十九", 99, "、"),
        ("叁、加强学习", "叁", 3, "、"),
        ("第二十三条 施行", "第二十三条", 23, ""),
        # traditional forms count as simplified ones
        ("第一條 為了規範", "第一條", 1, ""),
        ("（貳）加強學習", "（貳）", 2, ""),
    ],
)
def test_label_of_every_family_is_recognised(paragraph, label, number, mark):
    match = leading_label(paragraph)
    assert match is not None
    assert (match.label.text, match.label.number, match.label.mark) == (
        label,
        number,
        mark,
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "①党的建设",  # circled digits are footnote markers
        "[1]参见文献",
        "〔1〕参见文献",
        "[注]参见文献",
        "2.5万名党员参加",  # a decimal followed by a unit
        "1.5亿元投入",
        "31.6%的党员",
        "1.5",  # a decimal followed by nothing
        "第一书记要带头",  # ordinal word without its mark
        "第一手资料",
        "三分之一的党员",
        "首先,要学习",
        "其次,要学习",
        "最后,要学习",
        "1党的建设",  # a flattened footnote number
        "2010年4月20日",
        "1987年以后",
        "二三五发展战略",  # digit by digit is a name, not an ordinal
        "零、无",
    ],
)
def test_text_that_looks_numbered_is_not_a_label(paragraph):
    assert leading_label(paragraph) is None


def test_label_text_keeps_width_and_brackets_as_written():
    match = leading_label("（一）认识不够到位")
    assert match.label.written == "（一）"
    assert match.label.style == leading_label("(二)认识").label.style


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("一、", "二,"),
        ("一、", "三．"),
        ("1、", "2."),
        ("1、", "３．"),
        ("第一,", "第二、"),
    ],
)
def test_style_ignores_the_width_and_kind_of_marks(first, second):
    assert (
        leading_label(first + "文").label.style
        == leading_label(second + "文").label.style
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("一、", "(一)"),
        ("(一)", "(1)"),
        ("1、", "1)"),
        ("一是", "一要"),
        ("第一,", "第一条"),
    ],
)
def test_different_shapes_are_different_styles(first, second):
    assert (
        leading_label(first + "文").label.style
        != leading_label(second + "文").label.style
    )


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("一百零一", 101),
        ("壹", 1),
        ("贰", 2),
        ("叁", 3),
        ("拾贰", 12),
        ("二〇一〇", 2010),
        ("二○○九", 2009),
    ],
)
def test_chinese_numeral_has_its_value(numeral, value):
    assert chinese_numeral(numeral) == value


@pytest.mark.parametrize("text", ["", "十十", "一二十", "零十", "abc", "第一"])
def test_malformed_chinese_numeral_is_refused(text):
    with pytest.raises(ValueError):
        chinese_numeral(text)


def _inline(text: str) -> list[tuple[str, bool]]:
    return [
        (match.label.text, match.sentence_start)
        for match in inline_labels(text, fold(text))
    ]


def test_inline_labels_follow_punctuation_and_know_sentence_starts():
    text = "主要表现为:一是观念淡薄,二是认识不够;三是缺乏了解。"
    assert _inline(text) == [("一是", True), ("二是", False), ("三是", True)]


@pytest.mark.parametrize(
    "text",
    [
        "每村投入2、3万元",
        "基层书记一要把自己管好",
        "作用①。",
        "标准不统一,",
        "1.1 不在句中",
    ],
)
def test_label_glued_to_text_is_not_an_inline_candidate(text):
    assert _inline(text) == []


def test_spaces_between_punctuation_and_a_label_do_not_count():
    assert _inline("提高。  二,干部") == [("二", True)]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("要管大事。什么", 5),
        ("做什么?内容", 4),
        ("说“好。”然后", 5),
        ("没有句号", None),
    ],
)
def test_sentence_ends_after_its_full_stop_and_closing_quotes(text, end):
    assert sentence_end(fold(text), 0) == end
