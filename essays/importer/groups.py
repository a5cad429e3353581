"""Drafts of an essay's tree, and how they become sections and groups.

While an essay is read (tree.py) its nodes are mutable drafts. Once it is read,
`freeze_runs` decides, per top-level run, whether it is sections (one of its
items is a heading with numbered children) or an unnumbered group titled by its
lead-in (import-contract.md, "How labels become levels"), moves lead-ins and
checks the counts they announce.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from essays.importer import patterns
from essays.importer.nodes import Label, Node
from essays.importer.numbering import label_number
from essays.importer.runs import RunInPhrase

# Names a warning's place from the text it quotes: `第2篇第12行`.
Where = Callable[[str], str]
Slot = tuple[list[str], int]  # a paragraph in some body: (the body, its index)


@dataclass(eq=False)
class Draft:
    """A node while its essay is being read."""

    label: Label
    title: str = ""
    body: list[str] = field(default_factory=list)
    children: list[Draft] = field(default_factory=list)
    is_heading: bool = False
    declared: tuple[int, str] | None = None  # (10, "10件事") from a lead-in


@dataclass(eq=False)
class Level:
    """An open level: the siblings it appends to, its styles, its last ordinal."""

    nodes: list[Draft]
    styles: set[str] = field(default_factory=set)
    last: int = 0
    # The styles and last ordinal of the level below the previous sibling,
    # for numbering that runs on across parents (第三条 under 第二章).
    closed_below: tuple[frozenset[str], int] | None = None


@dataclass(eq=False)
class Run:
    """Labels at the top of an essay from a start at one up to the next restart."""

    items: list[Draft]
    lead_in: Slot | None  # the paragraph before the run
    level: Level | None = None  # its level while it is read
    nests: bool = False  # labelled paragraphs nest under its items (rejoined)


def is_section(item: Draft) -> bool:
    """A heading with numbered children: it makes its run sections."""
    return item.is_heading and bool(item.children)


def last_sentence_lead_in(text: str) -> str | None:
    """The last sentence of a text when it ends with a colon: 主要有以下几点:.

    A run-in heading (§8.2: `工作举措  1、…`) is a lead-in as it stands."""
    if isinstance(text, RunInPhrase):
        return str(text)
    text = text.strip()
    if not text or patterns.fold(text[-1]) != ":":
        return None
    folded = patterns.fold(text)
    boundary = max(folded.rfind(mark, 0, len(text) - 1) for mark in patterns.FULL_STOPS)
    start = boundary + 1
    while start < len(text) and folded[start] in patterns.CLOSERS:
        start += 1
    return text[start:].strip() or None


def lead_in_of(slot: Slot | None) -> str | None:
    """The lead-in sentence at the end of the paragraph in a slot, if any."""
    return last_sentence_lead_in(slot[0][slot[1]]) if slot else None


def declared_count(lead_in: str) -> tuple[int, str] | None:
    """The N a lead-in announces: 至少要管好10件事: -> 10."""
    matches = list(patterns.DECLARED_COUNT.finditer(patterns.fold(lead_in)))
    if not matches:
        return None
    numeral = matches[-1].group("n")
    count = int(numeral) if numeral.isdigit() else label_number(numeral, "chinese")
    if not count or count < 2:  # 一个 announces no list
        return None
    return count, lead_in[matches[-1].start() : matches[-1].end()]


# --- freezing ---------------------------------------------------------------


def freeze_runs(runs: list[Run], warnings: list[str], where: Where) -> list[Node]:
    """Sections, or unnumbered groups titled by their lead-in, in order."""
    is_sections = [any(is_section(item) for item in run.items) for run in runs]
    # Lead-ins move before any body is frozen: one may sit in an earlier run.
    lead_ins = [
        take_lead_in(run.lead_in) if not sections else None
        for run, sections in zip(runs, is_sections, strict=True)
    ]
    nodes = []
    for run, sections, lead_in in zip(runs, is_sections, lead_ins, strict=True):
        if sections:
            check_count(
                declared_count(lead_in_of(run.lead_in) or ""),
                run.items,
                warnings,
                where,
            )
            nodes += [_freeze(item, "section", warnings, where) for item in run.items]
            continue
        declared = declared_count(lead_in) if lead_in else None
        check_count(declared, run.items, warnings, where)
        children = tuple(_freeze(item, "point", warnings, where) for item in run.items)
        nodes.append(
            Node(
                kind="section",
                label=None,
                title=lead_in or "",
                children=children,
                declared_count=declared[0] if declared else None,
            )
        )
    return nodes


def take_lead_in(slot: Slot | None) -> str | None:
    """Cut the lead-in sentence out of its paragraph (dropped if left empty)."""
    lead_in = lead_in_of(slot)
    if lead_in is None:
        return None
    body, index = slot
    rest = body[index].strip()[: -len(lead_in)].strip()
    if rest:
        body[index] = rest
    else:
        del body[index]
    return lead_in


def _freeze(draft: Draft, kind: str, warnings: list[str], where: Where) -> Node:
    check_count(draft.declared, draft.children, warnings, where)
    return Node(
        kind=kind,
        label=draft.label,
        title=draft.title,
        body=tuple(draft.body),
        children=tuple(
            _freeze(child, "point", warnings, where) for child in draft.children
        ),
        declared_count=draft.declared[0]
        if draft.declared and kind == "section"
        else None,
    )


def check_count(declared, found: list, warnings: list[str], where: Where) -> None:
    """Warn when a lead-in's count (10件事) differs from the items found."""
    if declared is not None and declared[0] != len(found):
        count, phrase = declared
        warnings.append(
            f"{where(phrase)}：声明{count}项（“{phrase}”），找到{len(found)}项"
        )
