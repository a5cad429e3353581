"""Plain data produced by the importer: a parsed document and its tree.

These are the importer's only outputs; `render.py` turns them into the import
contract's JSON and `essays.writer` turns them into rows. Nothing here knows
about Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Label:
    """A numbering label as written: `text` without its mark, `mark` after it."""

    text: str  # "第一部分", "(一)", "1.2", "一是": the contract's `label`
    number: int  # the ordinal: 第十 -> 10, 1.2 -> 2
    style: str  # the label's style name (patterns.NUMBERING), used for levels
    mark: str = ""  # punctuation after the label as written: "、", ":", "．", ""

    @property
    def written(self) -> str:
        """The label with its mark, as the reader saw it: "二、", "第一部分:"."""
        return self.text + self.mark


@dataclass(frozen=True, slots=True)
class Node:
    """A section (top of an essay's tree) or a point (anything below one)."""

    kind: str  # "section" | "point"
    label: Label | None  # None only for an unnumbered group
    title: str
    body: tuple[str, ...] = ()
    children: tuple[Node, ...] = ()
    declared_count: int | None = None  # the 10 of "至少要管好10件事", sections only

    @property
    def number(self) -> int | None:
        return self.label.number if self.label else None


@dataclass(frozen=True, slots=True)
class ParsedEssay:
    """One essay of a compilation: title, date line, lead, tree, closing."""

    title: str
    date: datetime.date | None = None
    body: tuple[str, ...] = ()
    nodes: tuple[Node, ...] = ()
    closing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """What the document says about itself: title, site, upload time, hash."""

    path: str
    title: str
    sha256: str
    site: str = ""  # the document site's name, read from its furniture
    published_at: datetime.datetime | None = None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """The whole parse of one raw file."""

    source: Source
    essays: tuple[ParsedEssay, ...] = ()
    warnings: tuple[str, ...] = field(default=())
