"""essays/typography.py: Chinese punctuation inside Chinese text, for display."""

import html

import pytest
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from essays.typography import clip, section_heading, typeset_html, typeset_text


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("进入新世纪新阶段,随着改革开放", "进入新世纪新阶段，随着改革开放"),
        ("同志们:", "同志们："),
        ("第一部分:", "第一部分："),  # a label's mark too (decisions.md)
        ("做什么?怎么做!", "做什么？怎么做！"),
        ("一要把自己管好;二是", "一要把自己管好；二是"),
        ("什么?!", "什么？！"),
        ("中文 , 文字", "中文，文字"),  # the spaces around go
        ("Word 文档, 请下载", "Word 文档，请下载"),
        ("截至2023,全市", "截至2023，全市"),
        ("(2010年4月20日)", "（2010年4月20日）"),
        ("(2)必须把群众满意作为标准", "（2）必须把群众满意作为标准"),
        ("世界贸易组织(WTO)成员", "世界贸易组织（WTO）成员"),
        ("总结(示例", "总结（示例"),  # a title cut short
        ("等等...", "等等……"),
        ("…中文", "……中文"),
    ],
)
def test_ascii_punctuation_next_to_chinese_becomes_full_width(source, shown):
    assert typeset_text(source) == shown


@pytest.mark.parametrize(
    "source",
    [
        "共1,000人",
        "下午3:30开会",
        "增长1.5倍",
        "Hello, world; how are you?",
        "调用f(x)函数",
        "见https://example.com/a?b=1,c=2",
        "写信到a.b@example.cn",
        "（已经是全角）：，",
        "……",
        "1...3",
    ],
)
def test_numbers_latin_text_urls_and_addresses_stay(source):
    assert typeset_text(source) == source


def test_a_label_reads_as_followed_by_its_title():
    assert typeset_text("(2)") == "(2)"
    assert typeset_text("(2)", then_chinese=True) == "（2）"
    assert typeset_text("1.", then_chinese=True) == "1."


def test_html_tags_are_transparent_and_stay():
    marked = "(二)人员<mark>配备</mark>,不强&quot;a&quot;<code>a,中</code>,中"
    assert typeset_html(marked) == (
        "（二）人员<mark>配备</mark>，不强&quot;a&quot;<code>a,中</code>，中"
    )


def test_entities_are_neither_unescaped_nor_escaped_again():
    assert typeset_html("中&lt;b&gt;,中&amp;") == "中&lt;b&gt;，中&amp;"
    assert typeset_html("中&#x27;(x)") == "中&#x27;(x)"


def test_clip_cuts_with_the_chinese_ellipsis():
    assert clip("关于加强新时代基层统战工作的几点思考", 12) == "关于加强新时代基层统……"
    assert clip("短标题", 12) == "短标题"
    assert clip("一二三四五六七八九十，一二三四", 13) == "一二三四五六七八九十……"
    assert len(clip("一" * 100, 40)) == 40


class Section:
    def __init__(self, title="", body="", position=1):
        self.title, self.body, self.position = title, body, position


def test_an_untitled_section_is_named_by_its_own_words():
    assert section_heading(Section("几点建议"), []) == "几点建议"
    assert section_heading(Section(body="开展活动。后面"), []) == "开展活动"
    named = section_heading(Section(), ["加强组织建设。", "加强服务阵地建设。", "三"])
    assert named == "加强组织建设、加强服务阵地建设等3条"
    assert section_heading(Section(position=2), []) == "第2部分"


HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40)
PIECES = st.one_of(
    HAN,
    st.sampled_from(list(",:;?!()....… \t1234567890abcXY/@&<>\"'")),
    st.sampled_from(["https://a.cn/x?y=1,z", "a@b.cn", "1,000", "3:30", "，", "（"]),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@given(TEXTS)
def test_typesetting_twice_changes_nothing_more(text):
    once = typeset_text(text)
    assert typeset_text(once) == once
    assert typeset_html(typeset_html(escape(text))) == typeset_html(escape(text))


@given(TEXTS)
def test_html_and_text_agree(text):
    # The filter's input is escaped: it never unescapes or escapes again.
    assert typeset_html(escape(text)) == escape(typeset_text(text))


@given(TEXTS, st.lists(st.integers(min_value=0, max_value=40), max_size=4))
def test_tags_change_nothing_around_them(text, cuts):
    escaped = escape(text)
    with_tags = escaped
    for cut in sorted(set(cuts), reverse=True):
        # Tags go between characters, never inside an entity.
        at = min(cut, len(text))
        prefix = str(escape(text[:at]))
        if with_tags.startswith(prefix):
            with_tags = prefix + "<mark>" + with_tags[len(prefix) :]
    shown = typeset_html(with_tags).replace("<mark>", "")
    assert shown == typeset_html(escaped)


@given(st.lists(st.sampled_from(list("0123456789,.:abcXYZ ;?!()")), max_size=30))
def test_text_without_chinese_is_never_touched(chars):
    text = "".join(chars)
    assert typeset_text(text) == text


@given(st.text(max_size=60))
def test_only_punctuation_and_spaces_change(text):
    shown = typeset_text(text)
    marks = "，：；？！（）,:;?!(). \t…"
    removed = "".join(c for c in text if c not in marks)
    kept = "".join(c for c in shown if c not in marks)
    assert kept == removed
    assert html.unescape(typeset_html(escape(text))) == shown
