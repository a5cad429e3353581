"""Title lines: clean-up (§5.1) and titles glued to their text (§5.2).

A title line may carry page furniture (a badge, a file extension), be written
twice, or run straight into the essay's first sentence. `split_title_line`
returns the title and what follows it on the line (the first paragraph).
"""

from __future__ import annotations

import re

from essays.importer import lexicon, patterns, shapes
from essays.importer.numbering import label_at
from essays.importer.seams import seam

MIN_REPEAT = 4  # a doubled tail or a title written twice: 4+ characters
MAX_TITLE_REPEAT = 80  # only a title's length is searched for a repeat
GLUED_TITLE_LENGTH = 40  # a longer title line runs into its text
MIN_BEFORE_LABEL = 4
INLINE_ONLY_STYLES = frozenset({"shi", "yao"})


def clean_title_text(title: str) -> str:
    """§5.1: no caption at the start, no badge or extension at the end, a
    doubled tail once."""
    title = shapes.PAGE_CAPTION.sub("", title).strip()
    badges = lexicon.matcher("badges")
    while badges is not None:
        folded = patterns.fold(title)
        match = _badge_at_end(badges, folded)
        if match is None or match.start() == 0:
            break
        title = title[: match.start()].rstrip(" _-|·")
    return _undouble_tail(title)


def _badge_at_end(badges: re.Pattern[str], folded: str) -> re.Match[str] | None:
    for match in re.finditer(f"(?:{badges.pattern})$", folded, re.IGNORECASE):
        return match
    return None


def _undouble_tail(title: str) -> str:
    """`读书心得学习心得学习心得` -> `读书心得学习心得`."""
    for size in range(min(len(title) // 2, MAX_TITLE_REPEAT), MIN_REPEAT - 1, -1):
        if title[-2 * size : -size] == title[-size:] and patterns.HAN.search(
            title[-size:]
        ):
            return title[:-size]
    return title


def split_written_twice(line: str) -> tuple[str, str] | None:
    """§5.1: `AA…` or `A A…` -> (A, the rest), for A of 4+ characters."""
    longest = min(len(line) // 2, MAX_TITLE_REPEAT)
    for size in range(longest, MIN_REPEAT - 1, -1):
        head = line[:size]
        if not patterns.HAN.search(head) or head != head.strip():
            continue
        after = line[size:]
        gap = len(after) - len(after.lstrip())
        if after[gap : gap + size] == head:
            return head, line[size + gap + size :].strip()
    return None


def split_title_line(line: str) -> tuple[str, str]:
    """The title a title line gives, and the text glued after it (or "")."""
    twice = split_written_twice(line)
    if twice is not None:
        title, rest = twice
        return clean_title_text(title), rest
    folded = patterns.fold(line)
    has_stop = any(mark in folded for mark in patterns.FULL_STOPS)
    if has_stop or len(line) > GLUED_TITLE_LENGTH:
        cut = seam(line)
        if cut is not None:
            return clean_title_text(line[:cut].strip()), line[cut:].strip()
    cut = _label_one_position(line, folded)
    if cut is not None:
        return clean_title_text(line[:cut].strip()), line[cut:].strip()
    if has_stop:
        stop = min(folded.find(m) for m in patterns.FULL_STOPS if m in folded) + 1
        if line[stop:].strip():
            return clean_title_text(line[:stop].strip()), line[stop:].strip()
    return clean_title_text(line), ""


def _label_one_position(line: str, folded: str) -> int | None:
    """§5.2: a label of ordinal one after 4+ characters: 实施方案模板一、背景."""
    for position in range(MIN_BEFORE_LABEL, len(line)):
        if folded[position] not in patterns.LABEL_START:
            continue
        if not patterns.HAN.match(folded[position - 1]):
            continue
        match = label_at(line, folded, position, paragraph_start=False)
        if match is None or match.label.style in INLINE_ONLY_STYLES:
            continue  # 统一要求 is not 统 + 一要求
        if match.label.number == 1 and line[match.end :].strip():
            return position
    return None
