"""Paragraphs to essays: the document's title, essay markers, titles, date lines."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from essays.importer import patterns
from essays.importer.markers import (
    is_essay_marker,
    marker_title,
    numbered_titles,
    read_marker,
    split_inline_markers,
)
from essays.importer.numbering import chinese_numeral
from essays.importer.titles import split_title_line

__all__ = ["is_essay_marker", "marker_title", "split_essays"]
MIN_GLUED_TITLE = 4

_NOT_TITLE_TEXT = re.compile(r"[\W_]+")
_OPENING_MARKS = frozenset({"Ps", "Pi"})  # ( 【 “ ‘


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
    paragraphs = split_inline_markers(list(paragraphs))
    numbered = numbered_titles(paragraphs)
    title, rest = _document_title(paragraphs, page_title, numbered)
    markers = [index for index, line in enumerate(rest) if read_marker(line, numbered)]
    if not markers:
        essays = (_essay(title, rest, title),)
    else:
        essays = tuple(_marked_essays(rest, markers, numbered, title))
    return Split(title, essays, _count_warnings(title, len(essays)))


def _document_title(
    paragraphs: list[str], page_title: str, numbered: frozenset[str]
) -> tuple[str, list[str]]:
    """The title line and the paragraphs after it (a <title> wins, if any)."""
    first = paragraphs[0] if paragraphs else ""
    marker = read_marker(first, numbered) if first else None
    if page_title:
        if first and marker is None and _repeats(first, page_title):
            return undouble(page_title), paragraphs[1:]
        return undouble(page_title), paragraphs
    if marker is not None:
        return marker.title, paragraphs
    title, glued = split_title_line(first)
    return undouble(title), ([glued] if glued else []) + paragraphs[1:]


def _repeats(line: str, title: str) -> bool:
    line_key, title_key = _title_key(line), _title_key(title)
    return bool(line_key) and (line_key in title_key or title_key in line_key)


def _marked_essays(
    rest: list[str], markers: list[int], numbered: frozenset[str], document: str
):
    opening = [
        index
        for index in markers
        # A marker followed by another marker is a list of contents.
        if index + 1 < len(rest)
        and not read_marker(rest[index + 1], numbered)
        or read_marker(rest[index], numbered).rest
    ]
    for number, start in enumerate(opening):
        end = opening[number + 1] if number + 1 < len(opening) else len(rest)
        end = min([end, *[m for m in markers if start < m < end]])
        marker = read_marker(rest[start], numbered)
        glued = [text for text in (marker.before_date, marker.rest) if text]
        body = glued + rest[start + 1 : end]
        title = marker.title
        if not title and body:
            title, body = undouble(body[0]), body[1:]
        yield _essay(title, body, document, marker.date)


def _essay(
    title: str,
    paragraphs: list[str],
    document: str,
    date: datetime.date | None = None,
) -> EssayText:
    """An essay: repeated titles count once (§3.10); a glued title goes
    (§5.2); a date line becomes `date`."""
    paragraphs = [p for p in paragraphs if not _is_title_again(p, title, document)]
    if paragraphs:
        paragraphs[0] = _without_glued_title(paragraphs[0], title, document)
        paragraphs = [p for p in paragraphs if p]
    if date is None and paragraphs:
        date = essay_date(paragraphs[0])
        if date is not None:
            paragraphs = paragraphs[1:]
    return EssayText(title, date, tuple(paragraphs))


def _is_title_again(paragraph: str, title: str, document: str) -> bool:
    """A line equal to the essay's or the document's title, maybe with a count."""
    counted = patterns.ESSAY_COUNT.sub("", patterns.fold(paragraph))
    return any(
        same_title(paragraph, name) or (name and same_title(counted, name))
        for name in (title, document)
    )


def _without_glued_title(paragraph: str, title: str, document: str) -> str:
    """§5.2: `党课讲稿同志们,…` -> `同志们,…` when the title is 党课讲稿.

    Only a title run straight into text is glued. A title followed by a mark
    is written into its own sentence and stays: `党课讲稿。`, `党建工作,是…`.
    """
    for name in sorted({title, document}, key=len, reverse=True):
        if len(name) >= MIN_GLUED_TITLE and paragraph.startswith(name):
            rest = paragraph[len(name) :].strip()
            return rest if _starts_text(rest) else paragraph
    return paragraph


def _starts_text(text: str) -> bool:
    """Whether text opens with a letter, a digit or an opening mark (`“`, `(`),
    not with a mark that ends or joins the words before it (`。`, `,`, `”`)."""
    if not text:
        return False
    category = unicodedata.category(text[0])
    return category[0] in "LN" or category in _OPENING_MARKS


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
    return (f"标题声明{declared}篇（“{match.group()}”），找到{found}篇",)
