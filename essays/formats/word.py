"""Word .docx to lines: body paragraphs and tables in order, numbering as labels.

Headers, footers, footnotes and comments live in parts of their own and are
never read: they are furniture. Heading styles (Heading 1, 标题 1) and outline
levels become hints.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from essays.formats.errors import CorruptDocument, EmptyFile, UnpackedTooLarge
from essays.formats.extracted import MAX_UNPACKED_BYTES, Extracted, Heading, join_lines
from essays.formats.wordnumbering import read_numbering

# XML is several times its text, so the parts may unpack to more than the
# text limit; a zip bomb declares far more than that (or a wild ratio).
MAX_ZIP_UNPACKED = 5 * MAX_UNPACKED_BYTES
MAX_COMPRESSION_RATIO = 200
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = frozenset({"title", "标题"})
LABEL_ENDS = "、.．,，:：)）]】 "
CORRUPT = "这个 Word 文件已损坏，无法读取；请用 Word 打开后另存为 .docx 再上传"


def extract_docx(raw: bytes) -> Extracted:
    """The lines of a .docx file and its heading hints."""
    check_zip(raw)
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise CorruptDocument(CORRUPT) from error
    reader = _Reader(document)
    reader.read_blocks(document.element.body)
    if not "".join(reader.lines).strip():
        raise EmptyFile("这个 Word 文档里没有文字，请检查是否选错了文件")
    return Extracted(
        text=join_lines(reader.lines), format="docx", hints=tuple(reader.headings)
    )


def check_zip(raw: bytes) -> None:
    """Refuse a zip bomb from its directory, before anything is unpacked."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise CorruptDocument(CORRUPT) from error
    declared = sum(entry.file_size for entry in entries)
    wild = any(
        entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1024)
        for entry in entries
    )
    if declared > MAX_ZIP_UNPACKED or wild:
        raise UnpackedTooLarge(
            "这个 Word 文件解压后大得异常（可能是压缩炸弹），已拒绝；"
            "请确认文件来源，或另存为较小的 .docx 再上传"
        )


class _Reader:
    """Walks a document body, collecting lines and heading hints."""

    def __init__(self, document) -> None:
        self.document = document
        self.numbering = read_numbering(_numbering_element(document))
        self.lines: list[str] = []
        self.headings: list[Heading] = []

    def read_blocks(self, container) -> None:
        """Paragraphs and tables of a body, cell or content control, in order."""
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                self.read_paragraph(Paragraph(child, self.document))
            elif child.tag == qn("w:tbl"):
                self.read_table(Table(child, self.document))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.read_blocks(content)

    def read_paragraph(self, paragraph: Paragraph) -> None:
        """One paragraph: its label, if Word numbers it, then its text."""
        text = paragraph.text
        label = self.label(paragraph)
        if not text.strip():
            return  # an empty numbered paragraph shows a label and nothing else
        if label:
            text = label + ("" if label[-1] in LABEL_ENDS else " ") + text.lstrip()
        level = heading_level(paragraph)
        if level is not None:
            self.headings.append(Heading(len(self.lines), level))
        # A soft line break (Shift+Enter) shows as a new line to the reader.
        self.lines.extend(line for line in text.split("\n") if line.strip())

    def read_table(self, table: Table) -> None:
        """A table as text: one line per row, its cells joined by spaces."""
        for row in table._tbl.tr_lst:
            cells = []
            for cell in row.tc_lst:
                text = " ".join(
                    Paragraph(p, self.document).text.strip()
                    for p in cell.iter(qn("w:p"))
                ).strip()
                if text:
                    cells.append(text)
            if cells:
                self.lines.append(" ".join(cells))

    def label(self, paragraph: Paragraph) -> str:
        """The label Word draws before a numbered paragraph, or ""."""
        num_pr = _numbering_properties(paragraph)
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None:
            return ""
        level = int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
        return self.numbering.label(num_id.get(qn("w:val")), level)


def _numbering_element(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None  # a document with no lists has no numbering part


def _numbering_properties(paragraph: Paragraph):
    """numPr from the paragraph, else from its style or the styles it is based on."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return p_pr.numPr
    style = paragraph.style
    for _ in range(10):  # based-on chains are short; a cycle must not hang
        if style is None:
            return None
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.numPr is not None:
            return style_pr.numPr
        style = style.base_style
    return None


def heading_level(paragraph: Paragraph) -> int | None:
    """1 for Heading 1 / 标题 1 (or outline level 0), 0 for Title, else None."""
    style = paragraph.style
    name = (style.name or "").strip() if style is not None else ""
    match = HEADING_STYLE.match(name)
    if match:
        return int(match.group(1))
    if name.lower() in TITLE_STYLES:
        return 0
    p_pr = paragraph._p.pPr
    outline = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    if outline is not None and outline.get(qn("w:val")) not in (None, "9"):
        return int(outline.get(qn("w:val"))) + 1
    return None
