"""What an essay copy says before any file format: a manuscript of blocks.

Word and PDF files are written from the same manuscript, so an essay or a
topic's handout reads the same in both. Labels stay as written (第一, （三）,
1、); the words the site adds (来源, dates, file names) are Chinese with
Chinese punctuation (issue 16), and the source's text gets the pages'
display typography (`,` → `，` between Chinese characters) unless its
essay turned it off; the stored text never changes.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from essays.selectors import EssayTree, PointNode
from essays.typography import typeset_text

MAX_HEADING_LEVEL = 9  # Word's deepest built-in heading style


class Kind(StrEnum):
    TITLE = "title"
    META = "meta"  # a centred line under the title: speaker, date, counts
    HEADING = "heading"  # level 1-9
    TEXT = "text"  # a paragraph of the source
    CONTEXT = "context"  # a parent or the siblings shown so a point stands alone
    SOURCE = "source"  # 来源：…
    LINK = "link"  # 见原文：URL


# Characters XML 1.0 forbids: Word's vertical tab (\x0b) pasted into an
# editor's text would otherwise make python-docx refuse the whole file.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Block:
    kind: Kind
    text: str
    level: int = 0
    url: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", NOT_IN_XML.sub("", self.text))


@dataclass
class Manuscript:
    """A titled list of blocks and the names to save it under."""

    title: str
    filename: str  # Chinese, without extension
    ascii_filename: str  # the fallback for clients without RFC 6266
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: Kind, text: str, *, level: int = 0, url: str = "") -> None:
        if text:
            self.blocks.append(Block(kind, text, level, url))

    def add_paragraphs(self, paragraphs: Iterable[str]) -> None:
        for paragraph in paragraphs:
            self.add(Kind.TEXT, paragraph)

    def typeset(self, essay, start: int = 0) -> None:
        """Chinese punctuation in the source's text from block `start` on, as the
        pages show it (essays/typography.py), unless the essay turned it off."""
        if not essay.typography:
            return
        self.blocks[start:] = [
            block
            if block.kind is Kind.LINK
            else Block(block.kind, typeset_text(block.text), block.level, block.url)
            for block in self.blocks[start:]
        ]


def chinese_date(date: datetime.date | None) -> str:
    """2008年5月1日, as Chinese documents write a date."""
    return f"{date.year}年{date.month}月{date.day}日" if date else ""


# Characters Windows, macOS or a browser refuse in a file name.
UNSAFE_IN_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_FILENAME = 80  # characters; long essay titles stay readable in a folder


def safe_filename(name: str, fallback: str) -> str:
    """`name` as a file name on any system (no path marks), or `fallback`."""
    cleaned = UNSAFE_IN_FILENAME.sub("", name).strip(" .")
    return cleaned[:MAX_FILENAME] or fallback


def node_heading(node: PointNode) -> str:
    return f"{node.point.label}{node.point.title}"


def essay_manuscript(tree: EssayTree, *, url: str) -> Manuscript:
    """An essay: title, speaker and date, lead, tree by depth, closing, source."""
    essay = tree.essay
    copy = Manuscript(
        essay.title, safe_filename(essay.title, essay.slug), ascii_filename=essay.slug
    )
    copy.add(Kind.TITLE, essay.title)
    date = chinese_date(essay.date)
    copy.add(Kind.META, "　".join(filter(None, [essay.author, date and f"（{date}）"])))
    copy.add_paragraphs(essay.lead_paragraphs())
    for section in tree.sections:
        copy.add(
            Kind.HEADING, f"{section.section.label}{section.section.title}", level=1
        )
        copy.add_paragraphs(section.section.body_paragraphs())
        for node in section.points:
            add_point(copy, node, 2)
    copy.add_paragraphs(essay.closing_paragraphs())
    copy.add(Kind.SOURCE, f"来源：{essay.collection.title}")
    copy.add(Kind.LINK, f"网址：{url}", url=url)
    copy.typeset(essay)
    return copy


def add_point(copy: Manuscript, node: PointNode, depth: int) -> None:
    """A point and its sub-points; the tree is at most six levels deep."""
    copy.add(Kind.HEADING, node_heading(node), level=min(depth, MAX_HEADING_LEVEL))
    copy.add_paragraphs(node.point.body_paragraphs())
    for child in node.children:
        add_point(copy, child, depth + 1)
