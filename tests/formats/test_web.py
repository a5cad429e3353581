"""Saved web pages: the article without the site's chrome, in any declared encoding."""

from __future__ import annotations

import codecs

import pytest

from essays.formats import extract
from essays.formats.web import decode_html
from tests.formats import builders

LINES = ["基层党建工作要点", "一、加强组织建设", "要把支部建在网格上。"]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb2312", "gb18030"])
def test_meta_charset_decides_the_encoding(encoding):
    extracted = extract(builders.build_html(LINES, encoding=encoding), "page.html")
    assert extracted.format == "html"
    assert extracted.lines == LINES


def test_site_chrome_is_not_text():
    text = extract(builders.build_html(LINES, breaks=True), "page.htm").text
    assert [word for word in builders.CHROME if word in text] == []


def test_headings_are_hints():
    extracted = extract(builders.build_html(LINES), "page.html")
    assert [(hint.line, hint.level) for hint in extracted.hints] == [(0, 1)]


def test_a_byte_order_mark_beats_the_meta_charset():
    raw = codecs.BOM_UTF8 + builders.build_html(LINES, declare="gbk")
    assert "基层党建工作要点" in decode_html(raw)


def test_a_wrong_declaration_falls_back_to_what_decodes():
    raw = builders.build_html(LINES, encoding="gbk", declare="utf-8")
    assert extract(raw, "page.html").lines == LINES
