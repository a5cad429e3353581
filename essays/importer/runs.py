"""Pages run into one line (§8.1) and run-in headings (§8.2), split apart.

A scraper sometimes gives a whole page, or a whole document, as one line.
`split_paragraph` cuts such a paragraph before each *structural* label, so
the level rules see one paragraph per item again. A label is structural when
it follows a sentence end or spaces after a Han character; when it has
ordinal one and its style's ordinal two follows later (even glued to text);
or when it follows `,、` and continues its style's last ordinal. An Arabic
label followed by a digit, `%` or a unit is a quantity (`2、3万元`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from essays.importer import lexicon, patterns
from essays.importer.numbering import LabelMatch, label_at

PAGE_RUN_LENGTH = 200
STYLES_UNLABELLED = 2  # styles needed when the paragraph starts with text
STYLES_LABELLED = 3  # …and when it starts with a label
SENTENCE_ENDS = patterns.SENTENCE_PUNCTUATION
COMMAS = ",、"
ARABIC_KINDS = ("arabic", "decimal")
RUN_IN = re.compile(r"(?:^|(?<=[。!?;]))\s*(?P<phrase>[\u4e00-\u9fff]{2,12})\s+(?=\S)")


class RunInPhrase(str):
    """§8.2: a phrase that titles the unnumbered group its run opens."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A paragraph, or a piece of one (§8.1), for the level rules."""

    text: str
    piece: bool = False  # cut from a page run: nests under group items


def split_paragraph(paragraph: str) -> list[Piece]:
    """The paragraph, or its pieces when it is a page run (§8.1, §8.2)."""
    folded = patterns.fold(paragraph)
    labels = _labels(paragraph, folded)
    run_in = _run_in_cuts(paragraph, folded, labels)
    structural = _structural(folded, labels)
    starts_labelled = bool(labels) and labels[0].start == 0
    styles = {match.label.style for match in structural}
    if starts_labelled:
        styles.add(labels[0].label.style)
    needed = STYLES_LABELLED if starts_labelled else STYLES_UNLABELLED
    is_run = len(paragraph) >= PAGE_RUN_LENGTH and len(styles) >= needed
    cuts = {*(m.start for m in structural if is_run), *run_in, *run_in.values()}
    cuts = sorted(cuts - {0})
    if not cuts:
        return [Piece(paragraph)]
    return _pieces(paragraph, cuts, run_in, is_run)


def _pieces(paragraph: str, cuts: list[int], run_in: dict, is_run: bool) -> list[Piece]:
    pieces, previous = [], 0
    for cut in [*cuts, len(paragraph)]:
        text = paragraph[previous:cut].strip()
        if text:
            if previous in run_in.values():
                text = RunInPhrase(text)
            pieces.append(Piece(text, piece=is_run and previous > 0))
        previous = cut
    return pieces


def _labels(text: str, folded: str) -> list[LabelMatch]:
    """Every label in a paragraph (candidates: not yet structure)."""
    found, position = [], 0
    while position < len(folded):
        match = label_at(text, folded, position, paragraph_start=position == 0)
        if match is None or _is_quantity(folded, match):
            position += 1
            continue
        found.append(match)
        position = max(match.end, position + 1)
    return found


def _is_quantity(folded: str, match: LabelMatch) -> bool:
    """`1、2次`, `2、3万元`: an Arabic label followed by a digit, % or a unit."""
    if not match.label.style.startswith(("arabic", "bracket-ar", "decimal")):
        return False
    after = folded[match.end : match.end + 4]
    if not after or after[0].isdigit() or after[0] in "%‰":
        return bool(after)
    units = lexicon.matcher("units")
    return units is not None and units.match(after) is not None


def _structural(folded: str, labels: list[LabelMatch]) -> list[LabelMatch]:
    """The labels of a paragraph that are structure (§8.1)."""
    kept, last = [], {}
    for index, match in enumerate(labels):
        if match.start == 0:
            last[match.label.style] = match.label.number
            continue
        before = folded[: match.start].rstrip()
        spaced = len(before) < match.start
        mark = before[-1:] if before else ""
        label = match.label
        later_two = any(
            other.label.style == label.style and other.label.number == 2
            for other in labels[index + 1 :]
        )
        if (
            mark in SENTENCE_ENDS
            or (spaced and patterns.HAN.match(mark))
            or (label.number == 1 and later_two and mark not in COMMAS)
            or (mark in COMMAS and last.get(label.style, -1) + 1 == label.number)
        ):
            kept.append(match)
            last[label.style] = label.number
    return kept


def _run_in_cuts(paragraph: str, folded: str, labels: list[LabelMatch]) -> dict:
    """§8.2: phrase start -> label start, for `…。 工作举措  1、抓班子…`."""
    starts = {match.start for match in labels}
    cuts = {}
    for match in RUN_IN.finditer(folded):
        if match.end() in starts and match.start("phrase") not in starts:
            cuts[match.end()] = match.start("phrase")
    return cuts
