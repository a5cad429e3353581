"""Word (.docx) and Markdown copies of essays, and a topic's handout.

Labels are printed as written (第一, (三), 1、) so a copy reads like the
source; headings follow the tree (essay title, sections, points by depth).
"""

import html
import io
import re
from collections.abc import Iterable

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from essays.models import paragraphs
from essays.selectors import EssayGroup, EssayTree, PointNode

MAX_HEADING_LEVEL = 9  # Word's deepest built-in heading style
CJK_FONT = "SimSun"  # a font every Chinese Word install has


def new_document(title: str):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = CJK_FONT  # creates <w:rFonts>; Chinese text reads eastAsia
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    document.core_properties.title = title
    document.core_properties.author = "基层工作知识库"
    return document


def node_heading(node: PointNode) -> str:
    return f"{node.point.label}{node.point.title}"


def add_point(document, node: PointNode, depth: int) -> None:
    document.add_heading(node_heading(node), level=min(depth, MAX_HEADING_LEVEL))
    for paragraph in node.point.body_paragraphs():
        document.add_paragraph(paragraph)
    for child in node.children:
        add_point(document, child, depth + 1)


def essay_docx(tree: EssayTree) -> bytes:
    """The essay as a Word document: title, date, lead, tree, closing, source."""
    essay = tree.essay
    document = new_document(essay.title)
    document.add_heading(essay.title, level=0)
    if essay.date:
        meta = document.add_paragraph(
            f"({essay.date.year}年{essay.date.month}月{essay.date.day}日)"
        )
        meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in essay.lead_paragraphs():
        document.add_paragraph(paragraph)
    for section in tree.sections:
        heading = f"{section.section.label}{section.section.title}"
        if heading:
            document.add_heading(heading, level=1)
        for paragraph in section.section.body_paragraphs():
            document.add_paragraph(paragraph)
        for node in section.points:
            add_point(document, node, 2)
    for paragraph in essay.closing_paragraphs():
        document.add_paragraph(paragraph)
    document.add_paragraph().add_run(f"来源:{essay.collection.title}").italic = True
    return save(document)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# A Markdown link or reference whose target runs script when followed. The
# target may hold one level of parentheses: [x](javascript:alert(1)).
MARKDOWN_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<target>[^()]*(?:\([^()]*\)[^()]*)*)\)"
)
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(?P<target>\S+)")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def runs_script(target: str) -> bool:
    """Whether a link target is a script (spaces and controls ignored)."""
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(target)).lower()
    return squeezed.lstrip("<").startswith(SCRIPT_SCHEMES)


def markdown_text(text: str) -> str:
    """Stored text made safe for Markdown: HTML shown as text, no script links.

    Issue 14: a point titled `<svg onload=…>` ran in any viewer that renders
    the HTML inside Markdown, and `[x](javascript:…)` stayed a link.
    """
    if REFERENCE.match(text) and runs_script(REFERENCE.match(text)["target"]):
        return ""
    text = MARKDOWN_LINK.sub(
        lambda link: link["text"] if runs_script(link["target"]) else link[0], text
    )
    return html.escape(text, quote=False)


def markdown_lines(node: PointNode, depth: int) -> Iterable[str]:
    yield f"{'#' * min(depth, 6)} {markdown_text(node_heading(node))}"
    yield ""
    for paragraph in node.point.body_paragraphs():
        yield markdown_text(paragraph)
        yield ""
    for child in node.children:
        yield from markdown_lines(child, depth + 1)


def essay_markdown(tree: EssayTree) -> str:
    """The essay as Markdown, headings by depth, labels as written."""
    essay = tree.essay
    source = markdown_text(essay.collection.title)
    lines = [f"# {markdown_text(essay.title)}", ""]
    if essay.date:
        lines += [f"({essay.date.year}年{essay.date.month}月{essay.date.day}日)", ""]
    lines += [f"> 出处:{source}", ""]
    for paragraph in essay.lead_paragraphs():
        lines += [markdown_text(paragraph), ""]
    for section in tree.sections:
        heading = f"{section.section.label}{section.section.title}"
        if heading:
            lines += [f"## {markdown_text(heading)}", ""]
        for paragraph in section.section.body_paragraphs():
            lines += [markdown_text(paragraph), ""]
        for node in section.points:
            lines += markdown_lines(node, 3)
    for paragraph in essay.closing_paragraphs():
        lines += [markdown_text(paragraph), ""]
    lines += [f"*来源:{source}*", ""]
    return "\n".join(lines)


def topic_handout_docx(topic_name: str, groups: list[EssayGroup]) -> bytes:
    """学习材料: every point on a topic, grouped by essay, with its source."""
    document = new_document(f"{topic_name} 学习材料")
    document.add_heading(f"{topic_name} 学习材料", level=0)
    total = sum(group.point_count for group in groups)
    # Points of the topic, by the essays that hold them (the topic page also
    # counts essays tagged as a whole, which may hold no tagged point).
    document.add_paragraph(f"共 {total} 个要点，出自 {len(groups)} 篇文章。")
    for group in groups:
        document.add_heading(group.essay.title, level=1)
        source = f"出处:{group.essay.collection.title}"
        if group.essay.date:
            source += f",{group.essay.date:%Y-%m-%d}"
        document.add_paragraph().add_run(source).italic = True
        for section, points in group.sections:
            heading = f"{section.label}{section.title}"
            if heading:
                document.add_heading(heading, level=2)
            for point in points:
                # A sub-point names its parent: the handout lists only the
                # points on the topic, so the parent may not be there.
                parent = f"{point.parent.label} › " if point.parent_id else ""
                level = 4 if point.parent_id else 3
                document.add_heading(f"{parent}{point.label}{point.title}", level=level)
                for paragraph in paragraphs(point.body):
                    document.add_paragraph(paragraph)
    return save(document)
