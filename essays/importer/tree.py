"""An essay's paragraphs to its tree: lead, sections, points, closing.

The level rules of import-contract.md, "How labels become levels", applied to
one paragraph at a time. While an essay is read, its nodes are mutable drafts
(`Draft`) on a stack of open levels; `build_essay` freezes them into `Node`s
once the whole essay is known, because two decisions need it: whether a
top-level run is sections or an unnumbered group, and where the closing starts.
"""

from __future__ import annotations

import re

from essays.importer import patterns
from essays.importer.groups import (
    Draft,
    Level,
    Run,
    Slot,
    declared_count,
    freeze_runs,
    is_section,
    last_sentence_lead_in,
    lead_in_of,
)
from essays.importer.lines import Locator
from essays.importer.nodes import Label, ParsedEssay
from essays.importer.numbering import (
    LabelMatch,
    inline_labels,
    leading_label,
    same_family,
    sentence_end,
)
from essays.importer.runs import RunInPhrase, split_paragraph
from essays.importer.seams import seam
from essays.importer.split import EssayText

# Arabic labels stop at 999 (patterns.LABEL_AR); a bigger one is text, said so.
BIG_NUMBER = re.compile(r"\d{4,}[、.,)](?!\d)")
# A fallback title longer than this gets a warning (§7).
LONG_TITLE = 40
# Numbering that runs on across its parents: 第三条 under 第二章. A list's
# `4、` after another item's `3、` does not (it is text, amendment doc 05).
RUN_ON_STYLES = ("part", "chapter", "section", "article", "point")


def build_essay(
    essay: EssayText, number: int = 1, locator: Locator | None = None
) -> tuple[ParsedEssay, list[str]]:
    """The tree of one essay, and warnings about it (naming their lines when
    `locator` knows the paragraphs' source lines)."""
    reader = _Reader(number, locator or Locator())
    for paragraph in essay.paragraphs:
        for piece in split_paragraph(paragraph):
            reader.read(piece.text, piece=piece.piece)
    closing = reader.take_closing()
    nodes = freeze_runs(reader.runs, reader.warnings, reader.where)
    parsed = ParsedEssay(
        title=essay.title,
        date=essay.date,
        body=tuple(reader.lead),
        nodes=tuple(nodes),
        closing=tuple(closing),
    )
    return parsed, reader.warnings


class _Reader:
    """Reads an essay's paragraphs in order onto a stack of open levels."""

    def __init__(self, number: int, locator: Locator) -> None:
        self.number = number
        self.locator = locator
        self.lead: list[str] = []
        self.runs: list[Run] = []
        self.stack: list[Level] = []
        self.warnings: list[str] = []
        self.last_slot: Slot | None = None  # where the previous paragraph ended
        self.trailing: list[str] = []  # whole paragraphs since the last new node
        # Whether the last paragraph that made nodes ended with an inline run.
        self.ended_with_run = False

    def where(self, quoted: str) -> str:
        """`第2篇第12行`: this essay and the line of the quoted text."""
        return self.locator.where(self.number, quoted)

    # --- one paragraph ------------------------------------------------------

    def read(self, paragraph: str, *, piece: bool = False) -> None:
        """Place one paragraph: a labelled item, or text with inline items.

        `piece`: cut from a page run (§8.1); it nests under a group's item
        as an inline item would."""
        folded = patterns.fold(paragraph)
        match = leading_label(paragraph, folded)
        node = self.place(match.label, piece=piece) if match else None
        if match and node is None:
            self.warnings.append(
                f"{self.where(paragraph[:16])}："
                f"编号“{match.label.written}”不接续任何层级，按正文保留"
                f"（“{paragraph[:16]}”）"
            )
        if match is None and (big := BIG_NUMBER.match(folded)):
            self.warnings.append(
                f"{self.where(paragraph[:16])}：编号“{big.group()}”超过 999，按正文保留"
                f"（“{paragraph[:16]}”）"
            )
        if node is not None:
            node.is_heading = _is_heading(paragraph, folded, match.end)
        owner = node or self.current()
        start = match.end if node else 0
        made_nodes = self.fill(owner, paragraph, folded, start, node, piece)
        if node is not None or made_nodes:
            self.trailing = []
        elif owner is not None:
            self.trailing.append(paragraph.strip())

    def current(self) -> Draft | None:
        """The innermost open node: the one a text paragraph belongs to."""
        return self.stack[-1].nodes[-1] if self.stack else None

    def fill(
        self,
        owner: Draft | None,
        text: str,
        folded: str,
        start: int,
        titled: Draft | None,
        piece: bool = False,
    ) -> bool:
        """Split a paragraph among its owner and its inline items."""
        events = _inline_events(owner, inline_labels(text, folded, start))
        first_stop = events[0][1].start if events else len(text)
        if titled is not None:
            start = self.title_heading(titled, text, folded, start, first_stop, piece)
        self.last_slot = self.add_text(owner, text[start:first_stop])
        owner_depth, previous = len(self.stack) - 1, start
        for index, (kind, match) in enumerate(events):
            stop = events[index + 1][1].start if index + 1 < len(events) else len(text)
            node = self.place_inline(
                kind, match, owner_depth, text[previous : match.start]
            )
            if kind == "sibling":
                owner_depth = len(self.stack) - 1
            title_end = sentence_end(folded, match.end, stop) or stop
            node.title = text[match.end : title_end].strip()
            self.last_slot = self.add_text(node, text[title_end:stop])
            previous = title_end
        if events or titled is not None:
            self.ended_with_run = bool(events) and events[-1][0] != "sibling"
        return bool(events)

    def title_heading(
        self, titled: Draft, text: str, folded: str, start: int, stop: int, piece: bool
    ) -> int:
        """Set a labelled paragraph's title; where its body starts.

        §7: a heading glued to its first sentence ends at its seam (in a
        paragraph with a full stop, or a page-run piece); else the contract's
        title, up to the first full stop."""
        title_end = sentence_end(folded, start, stop)
        if title_end is not None or piece:
            cut = seam(text[start:stop].lstrip())
            if cut is not None:
                offset = len(text[start:stop]) - len(text[start:stop].lstrip())
                titled.title = text[start : start + offset + cut].strip()
                titled.is_heading = True
                return start + offset + cut
        title_end = title_end or stop
        titled.title = text[start:title_end].strip()
        if len(titled.title) > LONG_TITLE:
            self.warnings.append(
                f"{self.where(titled.title[:12])}："
                f"“{titled.label.written}{titled.title[:12]}…”"
                f"的标题超过 {LONG_TITLE} 字，未找到标题与正文的分界"
            )
        return title_end

    def add_text(self, owner: Draft | None, text: str) -> Slot | None:
        """Append text to a node's body (or the lead); where it went."""
        text = text if isinstance(text, RunInPhrase) else text.strip()
        if not text:
            return None
        body = owner.body if owner is not None else self.lead
        body.append(text)
        return body, len(body) - 1

    # --- levels -------------------------------------------------------------

    def place(self, label: Label, *, piece: bool = False) -> Draft | None:
        """Apply the level rules to a paragraph's label; None when it is text."""
        depth = self.open_style_depth(label.style)
        if depth is not None:
            if label.number == 1 and depth == 0:
                return self.start_run(label)  # a restart under no heading
            return self.sibling(depth, label)
        depth = self.run_on_depth(label)
        if depth is not None:
            del self.stack[depth + 1 :]
            return self.child(label, None)
        depth = self.continuing_depth(label.number)
        if depth is not None:
            return self.sibling(depth, label)
        if label.number != 1:
            return self.rejoin_previous_run(label)
        if not self.stack or (self.under_group_item() and not piece):
            return self.start_run(label)
        return self.child(label, lead_in_of(self.last_slot))

    def place_inline(self, kind: str, match: LabelMatch, owner_depth: int, before: str):
        """Place an inline item: the owner's sibling, or a sub-point run."""
        if kind == "sibling":
            return self.sibling(owner_depth, match.label)
        if kind == "run":
            del self.stack[owner_depth + 1 :]
            return self.child(match.label, last_sentence_lead_in(before))
        return self.sibling(len(self.stack) - 1, match.label)

    def open_style_depth(self, style: str) -> int | None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if style in self.stack[depth].styles:
                return depth
        return None

    def continuing_depth(self, number: int) -> int | None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].last + 1 == number:
                return depth
        return None

    def run_on_depth(self, label: Label) -> int | None:
        """A level whose new item has no children yet while its previous sibling's
        children of this style ended at this ordinal - 1 (articles numbered
        across chapters). import-contract.md leaves this case open."""
        if not label.style.startswith(RUN_ON_STYLES):
            return None
        for depth in range(len(self.stack) - 1, -1, -1):
            level = self.stack[depth]
            if level.closed_below is None or level.nodes[-1].children:
                continue
            styles, last = level.closed_below
            if label.style in styles and label.number == last + 1:
                return depth
        return None

    def under_group_item(self) -> bool:
        """Whether the top item belongs (so far) to an unnumbered group."""
        run = self.runs[-1]
        if run.nests or run.items[-1].is_heading:
            return False
        return not any(is_section(item) for item in run.items)

    def start_run(self, label: Label) -> Draft:
        run = Run(items=[], lead_in=self.last_slot)
        run.level = Level(run.items)
        self.runs.append(run)
        self.stack = [run.level]
        return self.append(self.stack[0], label)

    def rejoin_previous_run(self, label: Label) -> Draft | None:
        """A label continuing the run before the current one: that run's items
        were children of its last item after all (1. (1) (2) 2.).

        Read literally, the contract makes 2. text once (1) has started a new run
        under a group item; nesting the run keeps every label.
        """
        if len(self.runs) < 2:
            return None
        previous, current = self.runs[-2], self.runs[-1]
        level = previous.level
        if label.style not in level.styles or label.number != level.last + 1:
            return None
        previous.items[-1].children.extend(current.items)
        previous.nests = True
        self.runs.pop()
        self.stack = [level]
        return self.append(level, label)

    def sibling(self, depth: int, label: Label) -> Draft:
        if depth + 1 < len(self.stack):
            below = self.stack[depth + 1]
            self.stack[depth].closed_below = (frozenset(below.styles), below.last)
        del self.stack[depth + 1 :]
        return self.append(self.stack[depth], label)

    def child(self, label: Label, lead_in: str | None) -> Draft:
        parent = self.stack[-1].nodes[-1]
        if lead_in and parent.declared is None:
            parent.declared = declared_count(lead_in)
        self.stack.append(Level(parent.children))
        return self.append(self.stack[-1], label)

    @staticmethod
    def append(level: Level, label: Label) -> Draft:
        node = Draft(label)
        level.nodes.append(node)
        level.styles.add(label.style)
        level.last = label.number
        return node

    # --- closing ------------------------------------------------------------

    def take_closing(self) -> list[str]:
        """Move the essay's closing out of its last item's body."""
        if not self.trailing or not self.stack:
            return []
        starts = [
            index
            for index, paragraph in enumerate(self.trailing)
            if patterns.fold(paragraph).startswith(patterns.CONCLUDING_PHRASES)
        ]
        start = (
            0 if self.ended_with_run else (starts[0] if starts else len(self.trailing))
        )
        closing = self.trailing[start:]
        if closing:
            del self.current().body[-len(closing) :]
        return closing


def _inline_events(owner: Draft | None, candidates: list[LabelMatch]):
    """Which inline labels are structure: ("sibling" | "run" | "sub", match)."""
    if owner is None:
        return []
    events, own, run, pending = [], owner.label, None, None
    for match in candidates:
        label = match.label
        if label.style == own.style and label.number == own.number + 1:
            events.append(("sibling", match))
            own, run, pending = label, None, None
        elif (
            run is not None
            and same_family(run, label)
            and label.number == run.number + 1
        ):
            events.append(("sub", match))
            run = label
        elif (
            pending is not None
            and same_family(pending.label, label)
            and label.number == 2
        ):
            events += [("run", pending), ("sub", match)]
            run, pending = label, None
        elif label.number == 1 and match.sentence_start:
            pending = match
    return events


def _is_heading(text: str, folded: str, start: int) -> bool:
    """No text after the first full stop (or no full stop at all)."""
    stop = sentence_end(folded, start)
    return stop is None or not text[stop:].strip()
