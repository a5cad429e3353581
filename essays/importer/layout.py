"""Layout repair: lines broken by the page put back together.

The contract's broken paragraphs, and the amendment's §4: wrapped lines
(4.1), a label split from its mark (4.3) and preview page chunks (4.4).
"""

from __future__ import annotations

from essays.importer import patterns, shapes
from essays.importer.lines import renumbered
from essays.importer.numbering import leading_label
from essays.importer.split import is_essay_marker, same_title

# §4.1: a line this long without closing punctuation was wrapped by the page.
WRAPPED_LINE_LENGTH = 24
# Marks that leave a sentence open at a line's end: `,`, `、`, brackets, quotes.
OPEN_ENDINGS = ",、(“‘《[【〔"
# Decisions: every page chunk but the last holds at least this much text.
MIN_CHUNK_LENGTH = 100
MIN_CHUNKS = 3


def ends_open(paragraph: str) -> bool:
    """Whether a paragraph ends without closing punctuation (。!?:;”’) and so on)."""
    return patterns.fold(paragraph[-1]) not in patterns.CLOSING_PUNCTUATION


def has_full_stop(paragraph: str) -> bool:
    """Whether a paragraph has a full stop anywhere; without one it is a heading."""
    folded = patterns.fold(paragraph)
    return any(mark in folded for mark in patterns.FULL_STOPS)


def join_split_labels(lines: list[str]) -> list[str]:
    """§4.3: `4` on its own line before `、坚持每周…` is that line's label."""
    joined, index = [], 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if shapes.SPLIT_NUMBER.match(line) and shapes.SPLIT_MARK.match(
            patterns.fold(following)
        ):
            joined.append(renumbered(line + following, line))
            index += 2
            continue
        joined.append(line)
        index += 1
    return joined


def drop_page_chunks(lines: list[str]) -> tuple[list[str], int]:
    """§4.4: preview pages numbered `1、2、3、` that cut sentences, rejoined.

    Only when every line after the title is such a chunk, in order, at least
    three, every one but the last long, and one but the last ends open.
    """
    chunks = lines[1:]
    numbers = [shapes.CHUNK_NUMBER.match(line) for line in chunks]
    if len(chunks) < MIN_CHUNKS or not all(numbers):
        return lines, 0
    if [int(match.group(1)) for match in numbers] != list(range(1, len(chunks) + 1)):
        return lines, 0
    texts = [
        renumbered(line[match.end() :], line)
        for line, match in zip(chunks, numbers, strict=True)
    ]
    if any(len(text) < MIN_CHUNK_LENGTH for text in texts[:-1]):
        return lines, 0
    if not any(ends_open(text) for text in texts[:-1]):
        return lines, 0
    joined = [texts[0]]
    for previous, text in zip(texts, texts[1:], strict=False):
        if ends_open(previous):
            joined[-1] = renumbered(joined[-1] + text, joined[-1])
        else:
            joined.append(text)
    return [lines[0], *joined], len(chunks)


def _title_lines(lines: list[str]) -> set[int]:
    """Lines that are titles (§4.1): the title line, its repeats, markers and
    the line after each marker."""
    titles = {0} if lines else set()
    for index, line in enumerate(lines):
        if is_essay_marker(line):
            titles.update({index, index + 1})
        elif index and same_title(line, lines[0]):
            titles.add(index)
    return titles


def _wrapped(first: str, line: str) -> bool:
    """§4.1: a line that continues in the next although it has no full stop."""
    if leading_label(first) is not None:
        return False
    return line[-1] in OPEN_ENDINGS or len(line) >= WRAPPED_LINE_LENGTH


def _joined(lines: list[str]) -> str:
    return renumbered("".join(lines), lines[0])


def join_broken_paragraphs(lines: list[str]) -> list[str]:
    """Join each broken or wrapped line with the next, unless that one is structure.

    A paragraph with a full stop somewhere that does not end in closing
    punctuation was broken by the page (…还没有把统 / 战工作同…); a long line
    or one ending in `,` was wrapped (§4.1). Neither joins a label, a marker
    or a title line.
    """
    titles = _title_lines(lines)
    paragraphs, pending, pending_has_stop = [], [], False
    for index, line in enumerate(lines):
        if pending and (
            (index in titles and not pending_has_stop)
            or is_essay_marker(line)
            or leading_label(line) is not None
        ):
            paragraphs.append(_joined(pending))
            pending, pending_has_stop = [], False
        pending.append(line)
        pending_has_stop = pending_has_stop or has_full_stop(line)
        wraps = index not in titles and _wrapped(pending[0], line)
        if not (ends_open(line) and (pending_has_stop or wraps)):
            paragraphs.append(_joined(pending))
            pending, pending_has_stop = [], False
    if pending:
        paragraphs.append(_joined(pending))
    return paragraphs
