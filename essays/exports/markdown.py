"""Markdown copies of essays; stored text is escaped, never run.

Labels are printed as written (第一, (三), 1、) so a copy reads like the
source; headings follow the tree (essay title, sections, points by depth).
"""

import html
import re
from collections.abc import Iterable

from essays.exports.manuscript import chinese_date, node_heading
from essays.selectors import EssayTree, PointNode

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
        lines += [f"（{chinese_date(essay.date)}）", ""]
    lines += [f"> 来源：{source}", ""]
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
    lines += [f"来源：{source}", ""]
    return "\n".join(lines)
