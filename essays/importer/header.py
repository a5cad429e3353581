"""A page's lines before furniture is judged: bullets, prompts, the title line.

`prepare_lines` drops list bullets (§2.2) and cuts what is furniture inside a
line: truncation prompts (§3.5) and page captions glued to text (§3.3).
`find_title_line` applies §3.1: when a header meta line stands among the
first six lines, the title line is the last content line above it (not a
date line), and what stands above the title line (a site or column name) is
furniture.
"""

from __future__ import annotations

import re
from collections import Counter

from essays.importer import lexicon, patterns, shapes
from essays.importer.characters import is_invisible_only
from essays.importer.furniture import furniture_kind, is_meta
from essays.importer.lines import SourceLine
from essays.importer.markers import is_essay_marker
from essays.importer.split import essay_date

HEADER_LINES = 6


def prepare_lines(text: str, cut: Counter) -> list[str]:
    """Non-blank lines, stripped, without bullets, prompts or page captions."""
    lines = []
    for number, line in enumerate(text.split("\n"), 1):
        line = shapes.BULLET.sub("", line.strip())
        line = _cut_truncation(line, cut)
        line, captions = shapes.PAGE_CAPTION.subn("", line)
        if captions:
            cut["页码"] += captions
        if line.strip() and not is_invisible_only(line):
            lines.append(SourceLine(line.strip(), number))
    return lines


def _cut_truncation(line: str, cut: Counter) -> str:
    """§3.5: from a truncation prompt to the line's end (a … run before stays)."""
    matcher = lexicon.matcher("truncation")
    if matcher is None:
        return line
    match = matcher.search(patterns.fold(line))
    if match is None:
        return line
    cut["截断提示"] += 1
    return line[: match.start()]


def find_title_line(lines: list[str]) -> int:
    """The index of the §3.1 title line, or 0 when no header meta line says."""
    content = None  # the last content line seen above the meta line
    for index, line in enumerate(lines[:HEADER_LINES]):
        if is_essay_marker(line):
            break  # the essays begin: what stands above is the header
        kind = furniture_kind(line, before_text=content is None)
        if kind is None:
            if essay_date(line) is None and not _is_date_only(line):
                content = index
            continue
        if is_meta(kind) and content is not None:
            return content
    return 0


def _is_date_only(line: str) -> bool:
    folded = patterns.fold(line)
    return bool(
        re.fullmatch(r"[\s()]*" + shapes.DATE_IN_LINE.pattern + r"[\s()]*", folded)
    )
