"""Decoding: encodings, line ends, refusals, HTML remnants, invisible characters."""

import pytest

from essays.importer import MAX_BYTES, parse
from essays.importer.decode import check_text, decode, strip_markup
from essays.importer.errors import (
    EmptyDocument,
    Garbled,
    ImportFailed,
    NotText,
    TooLarge,
)

TEXT = "如何做好基层工作\n按照公司的总体部署,工作已经陆续到位。"


@pytest.mark.parametrize(
    "raw",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),  # a byte-order mark is not text
        TEXT.encode("gb18030"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("gb18030"),
    ],
)
def test_utf8_and_gb18030_with_any_line_ends_decode_to_the_same_text(raw):
    assert decode(raw) == TEXT


@pytest.mark.parametrize(
    ("raw", "error", "message"),
    [
        (b"", EmptyDocument, "文档是空的"),
        (
            b" \n\t\r\n\xe3\x80\x80",
            EmptyDocument,
            "文档是空的",
        ),  # ideographic space
        ("时间:2019-05-12 06:02:46\n下载本文档\n".encode(), EmptyDocument, "附加内容"),
        (b"\x00\x01PK\x03\x04binary", NotText, "二进制文件"),
        ("文本\x07铃声".encode(), NotText, "控制字符"),
        (b"\xff\xfe\xfa\xfb\xff" * 4, NotText, "不是 UTF-8 或 GB18030 编码的文本"),
        (b"x" * (MAX_BYTES + 1), TooLarge, "文件超过 5 MiB 的上限"),
        (b"The quick brown fox jumps over the lazy dog. " * 5, Garbled, "乱码"),
        ("Ã¥Â¦Â\x82Ã¤Â½Â\x95Ã¥Â\x81Âš".encode(), NotText, "控制字符"),
        ("Ã¥Â¦Â‚Ã¤Â½Â•Ã¥ÂÂšÃ¥Â¥Â½ 乱码".encode(), Garbled, "文字像是乱码"),
    ],
)
def test_refused_document_names_its_reason(raw, error, message):
    with pytest.raises(error) as caught:
        parse(raw, path="bad.bin")
    assert isinstance(caught.value, ImportFailed)
    assert message in str(caught.value)
    assert "bad.bin" not in str(caught.value)  # the caller names the file


def test_garbled_message_gives_the_share_of_han_characters():
    with pytest.raises(Garbled, match=r"汉字只占 \d+%"):
        check_text("abcdefghij" * 9 + "汉")


def test_html_tags_are_removed_and_block_tags_end_the_line():
    text = (
        "<div><p>第一段<span>文字</span>。</p><p>第二段</p>"
        "甲<br>乙<br/>丙<li>丁</li></div>"
    )
    assert strip_markup(text).text.split() == [
        "第一段文字。",
        "第二段",
        "甲",
        "乙",
        "丙",
        "丁",
    ]


def test_script_and_style_contents_go_with_their_tags():
    text = "<style>p{color:red}</style><p>正文</p><script>var a='<p>不是</p>';</script>"
    assert strip_markup(text).text.split() == ["正文"]


def test_html_comments_are_not_text():
    assert strip_markup("<p>正文<!-- 注释 --></p>").text.strip() == "正文"


def test_title_element_gives_the_title_and_is_not_otherwise_text():
    markup = strip_markup("<html><title>如何做好 党建工作</title><p>正文</p></html>")
    assert markup.title == "如何做好 党建工作"
    assert "如何" not in markup.text


def test_title_element_loses_the_site_name_and_its_separator():
    page = (
        "<title>党建工作_写写帮文库</title>"
        "<p>简介:写写帮文库小编为你整理</p><p>正文。</p>"
    )
    assert parse(page.encode()).source.title == "党建工作"


def test_title_element_gives_the_source_title():
    document = parse("<title>党建工作</title><p>开头段落很重要。</p>".encode())
    assert document.source.title == "党建工作"
    assert document.essays[0].body == ("开头段落很重要。",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>&lt;一&gt;&amp;&quot;</p>", '<一>&"'),
        ("<p>&ldquo;好&rdquo;</p>", "“好”"),
        ("<p>&nbsp;&nbsp;缩进</p>", "缩进"),
        ("<p>&#20013;&#x6587;</p>", "中文"),
    ],
)
def test_html_entities_are_decoded(text, expected):
    assert strip_markup(text).text.strip() == expected


def test_nbsp_entity_becomes_a_space():
    assert strip_markup("<p>甲&nbsp;乙</p>").text.strip() == "甲 乙"


def test_text_without_tags_is_not_treated_as_html():
    assert strip_markup("x<y 且 y>z 的关系").text == "x<y 且 y>z 的关系"


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
)
def test_zero_width_characters_are_removed(invisible):
    assert strip_markup(f"基{invisible}层").text == "基层"


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", "\t", "\u2002"])
def test_no_break_and_ideographic_spaces_count_as_spaces(space):
    assert strip_markup(f"甲{space}乙").text == "甲 乙"


def test_indentation_is_dropped_and_text_kept_as_written():
    document = parse("標題\n\u3000\u3000發展經濟，提高水平！".encode())
    assert document.essays[0].body == ("發展經濟，提高水平！",)
