"""Word .docx: numbering rendered as labels, heading hints, furniture dropped."""

from __future__ import annotations

import io

import docx
import pytest

from essays.formats import Heading, extract
from essays.formats.wordnumbering import chinese_counting
from tests.formats import builders

LINES = [
    "基层党建工作要点",
    "第一篇:抓好基层党建",
    "一、加强组织建设",
    "(一)健全组织。要把支部建在网格上。",
    "(二)配强班子。要选好带头人。",
    "二、加强队伍建设",
    "(一)抓好培训。每年轮训一遍。",
    "第一,要管大事。",
    "第二,要管队伍。",
]


def _extract(lines=LINES):
    return extract(builders.build_docx(lines), "plan.docx")


def test_auto_numbering_at_two_levels_shows_the_labels_a_reader_sees():
    extracted = _extract()
    assert extracted.format == "docx"
    assert extracted.lines == LINES


def test_builder_leaves_the_labels_to_word_numbering():
    document = docx.Document(io.BytesIO(builders.build_docx(LINES)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "加强组织建设" in texts and "健全组织。要把支部建在网格上。" in texts


def test_heading_styles_are_hints():
    assert _extract().hints == (
        Heading(0, 0),
        Heading(1, 1),
        Heading(2, 2),
        Heading(5, 2),
    )


def test_headers_and_footers_are_not_text():
    assert "写写帮文库" not in _extract().text


def test_a_second_list_starting_later_keeps_its_start():
    extracted = _extract(["标题", "二、第二件事", "三、第三件事"])
    assert extracted.lines == ["标题", "二、第二件事", "三、第三件事"]


def test_tables_are_text_one_line_a_row():
    document = docx.Document()
    document.add_paragraph("工作台账")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(
        table.rows, (("项目", "责任人"), ("支部建设", "张三")), strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract(buffer.getvalue(), "t.docx").lines == [
        "工作台账",
        "项目 责任人",
        "支部建设 张三",
    ]


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (105, "一百零五"),
    ],
)
def test_chinese_counting_as_word_writes_it(number, shown):
    assert chinese_counting(number) == shown
