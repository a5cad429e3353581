"""parse()'s interface for the rest of the project: rules, text, bounds."""

import pytest

from essays.importer import EditorRules, TooManyNodes, parse
from essays.importer.bounds import MAX_POINT_DEPTH
from tests.importer.helpers import parse_text

DOCUMENT = (
    "群众工作心得(示例)\n做好群众工作要用心。某某资料站\n"
    "一、要多走访。多到群众家里坐一坐。\n"
)


def test_text_given_skips_decoding_but_hashes_the_raw_bytes():
    raw = DOCUMENT.encode("gb18030")
    parsed = parse(raw, text=DOCUMENT)
    assert parsed.source.title == "群众工作心得(示例)"
    assert parsed.source.sha256 == parse(raw).source.sha256


def test_editor_watermarks_and_the_old_keyword_both_remove_words():
    by_rules = parse_text(DOCUMENT, rules=EditorRules(watermarks=["某某资料站"]))
    by_keyword = parse_text(DOCUMENT, extra_watermarks=["某某资料站"])
    assert by_rules.essays[0].body == ("做好群众工作要用心。",)
    assert by_keyword.essays == by_rules.essays


def test_editor_furniture_and_heading_cuts_apply():
    text = "标题(示例)\n本页由某某网整理\n一、多走访勤倾听群众才会信任我们。正文。\n"
    rules = EditorRules(furniture=["本页由某某网整理"], heading_cuts=["多走访勤倾听"])
    (essay,) = parse_text(text, rules=rules).essays
    (group,) = essay.nodes
    assert essay.body == ()
    assert group.children[0].title == "多走访勤倾听"


def test_editor_words_extend_a_named_list():
    text = "标题(示例)\n路径之一:走访群众\n群众的事要放在心上。\n路径之二:倾听意见\n"
    plain = parse_text(text).essays[0]
    rules = EditorRules(word_lists={"label_words": ["路径"]})
    taught = parse_text(text.replace("路径", "渠道"), rules=rules).essays[0]
    assert [n.title for n in plain.nodes[0].children] == ["走访群众", "倾听意见"]
    assert taught.nodes == ()  # 渠道 is no label word, even with 路径 taught
    rules = EditorRules(word_lists={"label_words": ["渠道"]})
    taught = parse_text(text.replace("路径", "渠道"), rules=rules).essays[0]
    assert [n.label.text for n in taught.nodes[0].children] == ["渠道之一", "渠道之二"]


def test_too_many_nodes_is_refused_in_chinese():
    text = "标题(示例)\n" + "一、做好统战工作。\n" * 12_000
    with pytest.raises(TooManyNodes, match="超过"):
        parse_text(text)


def test_a_seventh_level_is_flattened_with_a_warning():
    labels = ["一、", "(一)", "1.", "(1)", "⑴", "⒈", "1)", "第一,"]
    lines = [f"{label}第{depth}层" for depth, label in enumerate(labels)]
    parsed = parse_text("标题(示例)\n" + "\n".join(lines) + "\n")
    depth, nodes = 0, parsed.essays[0].nodes
    while nodes and nodes[0].children:
        depth, nodes = depth + 1, nodes[0].children
    assert depth <= MAX_POINT_DEPTH
    assert any("超过 6 级" in warning for warning in parsed.warnings)


def test_a_long_title_keeps_500_characters_and_the_rest_in_the_body():
    heading = "做" * 600
    parsed = parse_text(f"标题(示例)\n一、{heading}\n1.要点。正文。\n")
    (section,) = parsed.essays[0].nodes
    assert len(section.title) == 500
    assert section.body[0] == "做" * 100


def test_direction_overrides_and_unclosed_comments_lose_no_text():
    parsed = parse_text("<p>标题\u202e(示例)</p><!-- 未结束\n<p>正文在这里。</p>")
    assert parsed.source.title == "标题(示例)"
    assert "正文在这里。" in parsed.essays[0].body
    assert any("没有结束" in warning for warning in parsed.warnings)


def test_a_title_of_invisible_characters_is_no_title():
    parsed = parse_text("\u200e\u200f\n标题(示例)\n正文。\n")
    assert parsed.source.title == "标题(示例)"


def test_labels_above_999_are_text_with_a_warning():
    parsed = parse_text("标题(示例)\n一、甲。乙。\n1000、丙。\n")
    assert any("超过 999" in warning for warning in parsed.warnings)


MARKED = (
    "浅谈如何做好新时期基层群众工作\n"
    "做好群众工作,关键在于用心。\n"
    "好范文网 www.haofanwen.com 更多精彩请关注\n"
    "一、要深入群众。群众是根本。\n"
    "二、要依靠群众。依靠是关键。\n"
)


def test_a_phrase_an_editor_marks_removes_its_line_and_keeps_the_title():
    rules = EditorRules(furniture=["更多精彩请关注"])
    parsed = parse_text(MARKED, rules=rules)
    assert parsed.source.title == "浅谈如何做好新时期基层群众工作"
    (essay,) = parsed.essays
    assert essay.title == "浅谈如何做好新时期基层群众工作"
    assert essay.body == ("做好群众工作,关键在于用心。",)


def test_a_line_marked_as_the_preview_showed_it_goes_once_watermarks_are_cut():
    # The preview shows the line without the URL (a watermark word), so the
    # editor's whole-line entry is that text, not the raw line.
    rules = EditorRules(
        watermarks=["www.haofanwen.com"],
        word_lists={"furniture_lines": ["好范文网 更多精彩请关注"]},
    )
    (essay,) = parse_text(MARKED, rules=rules).essays
    assert essay.body == ("做好群众工作,关键在于用心。",)
