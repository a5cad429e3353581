"""PDF lines to paragraphs: page furniture out, hard-wrapped lines joined.

Pure functions over positioned lines, so each rule is tested without a PDF.
A PDF has no paragraphs, only lines placed on pages: running headers and
footers repeat at the top or bottom of most pages, page numbers stand alone
there, and a paragraph wraps at the column's right edge.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from essays.importer.numbering import leading_label
from essays.importer.split import is_essay_marker

PAGE_NUMBER = re.compile(
    r"^(?:[-—–·\s]*\d{1,4}[-—–·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.IGNORECASE,
)
EDGE_LINES = 2  # running headers and footers sit in a page's first or last lines
RUNNING_SHARE = 0.5  # "most pages": a line repeated on at least half of them
OPENING = "([{（【《〈「『“‘"
COMMAS = ",，、"
CLOSING = "。!?！？:：;；”’)）」』】"
# The amendment's §4.1 length for a wrapped line without its geometry.
WRAPPED_LENGTH = 24
KANGXI = {
    code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)
}


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One line of text as placed on its page (PDF points, y grows upwards)."""

    text: str
    x0: float
    x1: float
    top: float
    size: float  # the line's height: about one character's width in CJK


def drop_page_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Pages without their running headers, footers and page-number lines."""
    running = running_lines(pages)
    kept = []
    for page in pages:
        edges = _edge_indexes(page)
        seen: set[str] = set()
        lines = []
        for index, line in enumerate(page):
            key = _running_key(line.text)
            if index in edges and PAGE_NUMBER.match(line.text.strip()):
                continue
            # One per page: a title that happens to equal the header stays.
            if index in edges and key in running and key not in seen:
                seen.add(key)
                continue
            lines.append(line)
        kept.append(lines)
    return kept


def running_lines(pages: list[list[PdfLine]]) -> set[str]:
    """Texts at the top or bottom of at least half the pages (two at least)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_running_key(page[index].text) for index in _edge_indexes(page)})
    needed = max(2, RUNNING_SHARE * len(pages))
    return {key for key, count in counts.items() if key and count >= needed}


def _running_key(text: str) -> str:
    # A footer's page number changes from page to page: 第3页 ~ 第4页.
    return re.sub(r"\d+", "#", "".join(text.split()))


def _edge_indexes(page: list[PdfLine]) -> set[int]:
    order = sorted(range(len(page)), key=lambda index: -page[index].top)
    return {*order[:EDGE_LINES], *order[-EDGE_LINES:]}


def join_wrapped_lines(pages: list[list[PdfLine]]) -> list[str]:
    """Paragraphs of the pages' lines, wrapped lines joined (also across pages)."""
    lines = [line for page in pages for line in page if line.text.strip()]
    if not lines:
        return []
    left = _column_left(lines)
    right = max(line.x1 for line in lines)
    paragraphs, current, previous = [], "", None
    for line in lines:
        text = line.text.strip()
        if previous is not None and continues(previous, line, left, right):
            current = _glue(current, text)
        else:
            if current:
                paragraphs.append(current)
            current = text
        previous = line
    paragraphs.append(current)
    return paragraphs


def _column_left(lines: list[PdfLine]) -> float:
    # The most common start: indented first lines and centred titles are fewer.
    starts = Counter(round(line.x0) for line in lines)
    return float(starts.most_common(1)[0][0])


def continues(line: PdfLine, following: PdfLine, left: float, right: float) -> bool:
    """Whether `following` carries on the paragraph `line` is part of.

    A new paragraph starts at an indent, a label or an essay marker; otherwise
    a line that reaches the right edge wraps, and so does one that the
    contract's rules call wrapped (amendment §4.1): it ends in a comma or an
    opening bracket, or is long and ends without closing punctuation.
    """
    text, next_text = line.text.strip(), following.text.strip()
    width = statistics.median([line.size, following.size]) or 1.0
    if following.x0 - left > 0.8 * width:
        return False
    if is_essay_marker(next_text) or leading_label(next_text) is not None:
        return False
    if right - line.x1 < 1.5 * width:
        return True
    if text[-1] in COMMAS or text[-1] in OPENING:
        return True
    return len(text) >= WRAPPED_LENGTH and text[-1] not in CLOSING


def _glue(text: str, more: str) -> str:
    # Chinese wraps anywhere and joins with nothing; Latin words keep a space.
    if text[-1:].isascii() and text[-1:].isalnum() and more[:1].isascii():
        return f"{text} {more}"
    return text + more


def normalise_radicals(text: str) -> tuple[str, int]:
    """Kangxi radicals (U+2F00–U+2FD5) put by PDF fonts, as ordinary characters."""
    count = sum(1 for char in text if ord(char) in KANGXI)
    return (text.translate(KANGXI) if count else text), count
