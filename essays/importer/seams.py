"""Glued headings: where a heading ends when its first sentence follows it
directly (import-contract-layouts.md §7; decisions.md settles the order).

The head runs from the label to the first `,;:` or full stop. When it has 10+
characters, the heading ends at the leftmost seam that leaves a heading of 6+
characters (not opening with 要/应/必须/需要 nor ending in a function word)
and 2+ characters after it (4+ after a heading ender):
a. a space after a Han character;
b. where the head's first four characters recur;
c. after a word of `heading_enders`;
d. before a word of `sentence_openers` with no 的 in the three characters after it.
An editor's `heading_cuts` (EditorRules) win over all four.
"""

from __future__ import annotations

from essays.importer import lexicon, patterns

MIN_HEAD = 10
MIN_HEADING = 6
AFTER_SEAM = 2
AFTER_ENDER = 4
HEAD_STOPS = ",;:" + patterns.FULL_STOPS
NOT_FIRST = ("要", "应", "必须", "需要")
NOT_LAST = frozenset("要应将会能的和与及并在是把对向以也都就才被让使")
OPENER_LOOKAHEAD = 3


def seam(text: str) -> int | None:
    """Where a glued heading ends in `text` (the text after its label), or None."""
    folded = patterns.fold(text)
    cut = _editor_cut(text, folded)
    if cut is not None:
        return cut
    stop = next((i for i, ch in enumerate(folded) if ch in HEAD_STOPS), len(folded))
    head = folded[:stop]
    if len(head.strip()) < MIN_HEAD:
        return None
    for position, after in sorted(_candidates(head)):
        heading, rest = head[:position].rstrip(), head[position:].strip()
        if len(heading) < MIN_HEADING or len(rest) < after:
            continue
        if heading[-1] in NOT_LAST or heading.startswith(NOT_FIRST):
            continue
        return position
    return None


def _editor_cut(text: str, folded: str) -> int | None:
    """An editor's cut: the text starts with HEAD and goes on after it."""
    for head in lexicon.current_rules().heading_cuts:
        head = patterns.fold(head.strip())
        if folded.startswith(head) and text[len(head) :].strip():
            return len(head)
    return None


def _candidates(head: str):
    """(position, characters needed after it) of every seam in a head."""
    start = head[:4]
    for position in range(1, len(head)):
        if head[position] == " " and patterns.HAN.match(head[position - 1]):
            yield position, AFTER_SEAM
        if head.startswith(start, position):
            yield position, AFTER_SEAM
        if _opens_sentence(head, position):
            yield position, AFTER_SEAM
    enders = lexicon.matcher("heading_enders")
    if enders is not None:
        for position in range(len(head)):
            match = enders.match(head, position)
            if match:
                yield match.end(), AFTER_ENDER


def _opens_sentence(head: str, position: int) -> bool:
    openers = lexicon.matcher("sentence_openers")
    match = openers.match(head, position) if openers is not None else None
    if match is None:
        return False
    return "的" not in head[match.end() : match.end() + OPENER_LOOKAHEAD]
