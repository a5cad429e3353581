"""Essay markers: the lines that open each essay of a compilation.

The contract's forms (`第一篇:TITLE`, `篇一:TITLE`, `【篇一】TITLE`,
`【篇一:TITLE】`) and the amendment's (§5.3 a marker inside a line, text and a
date after it; §5.4 `TITLE篇N`, `TITLEN` when TITLE1 and TITLE2 both occur,
`【第N篇 TITLE` without its bracket).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from essays.importer import patterns
from essays.importer.titles import clean_title_text


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker line read: the essay's title, a date, text after them."""

    title: str
    date: datetime.date | None = None
    before_date: str = ""  # §5.3: text between the marker and its date
    rest: str = ""  # text after the marker (and its date) on the line


def marker_title(line: str) -> str | None:
    """The title of an essay marker line (第一篇:TITLE, 【篇一】TITLE), or None."""
    marker = read_marker(line)
    return None if marker is None else marker.title


def is_essay_marker(line: str) -> bool:
    """Whether a line opens an essay of a compilation."""
    return read_marker(line) is not None


def read_marker(line: str, numbered: frozenset[str] = frozenset()) -> Marker | None:
    """The marker a line is, if it is one; `numbered`: TITLEs of TITLEN markers."""
    folded = patterns.fold(line)
    for pattern in patterns.ESSAY_MARKERS:
        match = pattern.match(folded)
        if match:
            title = line[match.start("title") : match.end("title")].strip()
            rest = ""
            if "rest" in pattern.groupindex:
                rest = line[match.start("rest") :].strip()
            return _with_date(title, rest)
    match = patterns.NUMBERED_TITLE.match(folded)
    if match and patterns.fold(match.group("title")).strip() in numbered:
        return Marker(clean_title_text(line[: match.end("title")].strip()))
    return None


def _with_date(title: str, rest: str) -> Marker:
    """§5.3: a date within reach after the marker, with text before and after."""
    if rest:
        date, before, after = _date_in(rest)
        if date is not None and after:  # a date glued after the marker
            return Marker(_title(title), date, before, after)
        return Marker(_title(title), rest=rest)
    date, before, after = _date_in(title)
    if date is not None and before and after:
        return Marker(_title(before), date, rest=after)
    return Marker(_title(title))


def _title(title: str) -> str:
    from essays.importer.split import undouble  # split imports this module

    return undouble(clean_title_text(title))


def _date_in(text: str) -> tuple[datetime.date | None, str, str]:
    match = patterns.MARKER_DATE.search(patterns.fold(text))
    if match is None or match.start() > patterns.MARKER_DATE_REACH:
        return None, text, ""
    if match.start() and text[match.start() - 1] not in " ([（【":
        return None, text, ""  # 在2021年3月5日会议上: a date inside the title
    try:
        date = datetime.date(*(int(match.group(part)) for part in ("y", "m", "d")))
    except ValueError:
        return None, text, ""
    return date, text[: match.start()].strip(), text[match.end() :].strip()


def numbered_titles(paragraphs: list[str]) -> frozenset[str]:
    """§5.4: TITLEs written as TITLE1 and TITLE2 (bare Arabic numbers)."""
    numbers = defaultdict(set)
    for paragraph in paragraphs:
        match = patterns.NUMBERED_TITLE.match(patterns.fold(paragraph))
        if match:
            numbers[match.group("title").strip()].add(int(match.group("n")))
    return frozenset(title for title, seen in numbers.items() if {1, 2} <= seen)


def split_inline_markers(paragraphs: list[str]) -> list[str]:
    """§5.3: a marker inside a line starts a line of its own."""
    lines = []
    for paragraph in paragraphs:
        starts = [
            m.start() for m in patterns.INLINE_MARKER.finditer(patterns.fold(paragraph))
        ]
        previous = 0
        for start in starts:
            if paragraph[previous:start].strip():
                lines.append(paragraph[previous:start].strip())
            previous = start
        lines.append(paragraph[previous:].strip())
    return lines
