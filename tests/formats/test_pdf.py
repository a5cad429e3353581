"""PDF: page furniture removed, wrapped lines joined, radicals normalised."""

from __future__ import annotations

from essays.formats import extract
from essays.formats.pdflayout import (
    PdfLine,
    drop_page_furniture,
    join_wrapped_lines,
    normalise_radicals,
)
from tests.formats import builders

LINES = [
    "基层党建工作要点",
    "一、加强组织建设",
    "要把支部建在网格上,让每一名党员都有岗位、有责任、有作为,"
    "把党的组织优势转化为基层治理的效能,推动各项工作落地见效。",
    "二、加强队伍建设",
]


def _line(text, top, x0=72.0, x1=400.0):
    return PdfLine(text=text, x0=x0, x1=x1, top=top, size=11.0)


def test_running_header_and_page_numbers_are_dropped():
    raw = builders.build_pdf(LINES * 30, running_header="某某文库精品文档")
    text = extract(raw, "a.pdf").text
    assert "某某文库精品文档" not in text
    assert "- 1 -" not in text and "- 2 -" not in text


def test_hard_wrapped_lines_join_into_paragraphs():
    # One page: a running header needs pages to repeat on (see the test above).
    raw = builders.build_pdf(LINES, chars_per_line=20, running_header="")
    extracted = extract(raw, "a.pdf")
    assert extracted.format == "pdf"
    assert extracted.lines == LINES


def test_page_number_shapes_at_a_pages_edge():
    pages = [
        [_line("第 3 页", 800), _line("正文第一行。", 700), _line("3 / 9", 40)],
        [_line("正文第二行。", 700), _line("- 4 -", 40)],
    ]
    kept = drop_page_furniture(pages)
    assert [line.text for page in kept for line in page] == [
        "正文第一行。",
        "正文第二行。",
    ]


def test_a_line_reaching_the_right_edge_continues_across_pages():
    pages = [
        [_line("要把支部建在网格上,让每一名", 700)],
        [_line("党员都有岗位。", 700, x1=200)],
    ]
    assert join_wrapped_lines(pages) == ["要把支部建在网格上,让每一名党员都有岗位。"]


def test_an_indent_or_a_label_starts_a_paragraph():
    lines = [
        _line("第一段写到了右边", 700),
        _line("第二段缩进开始。", 680, x0=94, x1=200),
        _line("一、标题", 660, x1=130),
        _line("正文。", 640, x1=110),
    ]
    assert join_wrapped_lines([lines]) == [
        "第一段写到了右边",
        "第二段缩进开始。",
        "一、标题",
        "正文。",
    ]


def test_kangxi_radicals_become_ordinary_characters():
    assert normalise_radicals("⼆、加强⾏动") == ("二、加强行动", 2)
