"""Paragraphs to essays: the document's title, essay markers, titles, date lines."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from essays.importer import patterns
from essays.importer.numbering import chinese_numeral

_NOT_TITLE_TEXT = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class EssayText:
    """One essay's title, date line and paragraphs, before numbering."""

    title: str
    date: datetime.date | None = None
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Split:
    """A document's title and its essays."""

    title: str
    essays: tuple[EssayText, ...]
    warnings: tuple[str, ...] = ()


def marker_title(line: str) -> str | None:
    """The title of an essay marker line (第一篇:TITLE, 【篇一】TITLE), or None."""
    folded = patterns.fold(line)
    for marker in patterns.ESSAY_MARKERS:
        match = marker.match(folded)
        if match:
            return undouble(line[match.start("title") : match.end("title")].strip())
    return None


def is_essay_marker(line: str) -> bool:
    """Whether a line opens an essay of a compilation."""
    return marker_title(line) is not None


def undouble(title: str) -> str:
    """A title glued to itself counts once: 基层党建工作基层党建工作 -> 基层党建工作.

    Short halves are words, not titles: 谈谈, 常常 stay.
    """
    half, odd = divmod(len(title), 2)
    if half < patterns.MIN_DOUBLED_TITLE:
        return title
    if title[:half] == title[half + odd :] and (not odd or title[half].isspace()):
        return title[:half]
    return title


def same_title(first: str, second: str) -> bool:
    """Whether two lines are the same title, whatever their spaces and marks.

    A line with a 。 is a sentence, not a title printed again.
    """
    if "。" in first + second:
        return False
    return _title_key(first) == _title_key(second) != ""


def _title_key(title: str) -> str:
    return _NOT_TITLE_TEXT.sub("", patterns.fold(undouble(title.strip())))


def essay_date(line: str) -> datetime.date | None:
    """The date of a date line: (2010年4月20日), 2010年4月20日, 2010-04-20."""
    folded = patterns.fold(line)
    for pattern in patterns.DATE_LINES:
        match = pattern.match(folded)
        if not match:
            continue
        parts = [match.group(name) for name in ("y", "m", "d")]
        try:
            year, month, day = (
                int(p) if p.isdigit() else chinese_numeral(p) for p in parts
            )
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return None


def split_essays(
    paragraphs: tuple[str, ...] | list[str], page_title: str = ""
) -> Split:
    """The document's title and its essays, one per marker (or one in all)."""
    title, rest = _document_title(list(paragraphs), page_title)
    markers = [index for index, line in enumerate(rest) if is_essay_marker(line)]
    if not markers:
        essays = (_essay(title, rest),)
    else:
        essays = tuple(_marked_essays(rest, markers))
    return Split(title, essays, _count_warnings(title, len(essays)))


def _document_title(paragraphs: list[str], page_title: str) -> tuple[str, list[str]]:
    """The title line and the paragraphs after it (a <title> wins, if any)."""
    first = paragraphs[0] if paragraphs else ""
    if page_title:
        if first and not is_essay_marker(first) and _repeats(first, page_title):
            return undouble(page_title), paragraphs[1:]
        return undouble(page_title), paragraphs
    if is_essay_marker(first):
        return marker_title(first) or "", paragraphs
    return undouble(first), paragraphs[1:]


def _repeats(line: str, title: str) -> bool:
    line_key, title_key = _title_key(line), _title_key(title)
    return bool(line_key) and (line_key in title_key or title_key in line_key)


def _marked_essays(rest: list[str], markers: list[int]):
    opening = [
        index
        for index in markers
        # A marker followed by another marker is a list of contents.
        if index + 1 < len(rest) and not is_essay_marker(rest[index + 1])
    ]
    for number, start in enumerate(opening):
        end = opening[number + 1] if number + 1 < len(opening) else len(rest)
        end = min([end, *[m for m in markers if start < m < end]])
        title = marker_title(rest[start]) or ""
        body = rest[start + 1 : end]
        if not title and body:
            title, body = undouble(body[0]), body[1:]
        yield _essay(title, body)


def _essay(title: str, paragraphs: list[str]) -> EssayText:
    """An essay: a repeated title line counts once; a date line becomes `date`."""
    if paragraphs and same_title(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    date = essay_date(paragraphs[0]) if paragraphs else None
    if date is not None:
        paragraphs = paragraphs[1:]
    return EssayText(title, date, tuple(paragraphs))


def _count_warnings(title: str, found: int) -> tuple[str, ...]:
    match = patterns.ESSAY_COUNT.search(patterns.fold(title))
    if not match:
        return ()
    numeral = match.group("n")
    try:
        declared = int(numeral) if numeral.isdigit() else chinese_numeral(numeral)
    except ValueError:
        return ()
    if declared == found:
        return ()
    return (f"the title declares {declared} essays ({match.group()}), found {found}",)
