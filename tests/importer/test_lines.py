"""Source line numbers travel with the text, so warnings name their line."""

import re

from essays.importer.clean import clean
from essays.importer.lines import Locator, line_number
from tests.importer.helpers import parse_text

LONG = (
    "这是一个非常长的标题没有句号也没有任何可以切分的地方继续写下去直到超过四十个字为止"
)


def test_paragraphs_keep_their_source_line_through_clean_up():
    text = (
        "标题\n\n时间:2019-05-12 06:02:46下载本文作者:会员\n甲段。\n19\n"
        "乙段的前半。还没有把统\n战工作做好。\n"
    )
    cleaned = clean(text)
    assert [(p, line_number(p)) for p in cleaned.paragraphs] == [
        ("标题", 1),
        ("甲段。", 4),
        ("乙段的前半。还没有把统战工作做好。", 6),  # a joined paragraph: its first line
    ]


def test_locator_names_the_essay_and_the_line_of_the_quoted_text():
    locator = Locator(clean("标题\n甲段。\n\n乙段。").paragraphs)
    assert locator.where(2, "乙段") == "第2篇第4行"
    assert locator.where(2, "不在文中") == "第2篇"


def test_count_mismatch_names_its_line():
    text = (
        "标题\n导语。\n主要抓好以下5件事:\n一、加强学习。内容。\n二、改进作风。内容。\n"
    )
    warnings = parse_text(text).warnings
    assert "第1篇第3行：声明5项（“5件事”），找到2项" in warnings


def test_long_fallback_title_names_its_line():
    text = f"标题\n导语。\n\n一、甲。内容。\n二、抓好落实,{LONG}\n"
    (warning,) = [w for w in parse_text(text).warnings if "超过 40 字" in w]
    assert warning.startswith("第1篇第5行：")


def test_label_above_999_names_its_line():
    text = "标题\n导语。\n1000、这一段的序号太大。\n"
    (warning,) = [w for w in parse_text(text).warnings if "999" in w]
    assert re.match(r"第1篇第3行：", warning)


def test_flattened_levels_name_their_line():
    labels = ["第一部分:", "一、", "(一)", "1.", "(1)", "1)", "⑴", "⒈"]
    lines = [f"{label}第{depth}层标题" for depth, label in enumerate(labels, 1)]
    warnings = parse_text("标题\n导语。\n" + "\n".join(lines) + "\n").warnings
    (warning,) = [w for w in warnings if "并入" in w]
    assert re.match(r"第1篇第\d+行：", warning)
