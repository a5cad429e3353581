"""Labels: recognising numbering (第一部分, (一), 1.2, 一是…) and its ordinal.

Every function takes the paragraph both as written and folded (patterns.fold):
patterns match the folded text, labels are cut from the written one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from essays.importer import lexicon, patterns
from essays.importer.nodes import Label

STYLES = {style.name: style for style in patterns.NUMBERING}
# After a label word: 之, a numeral and its mark (the mark is needed: 方法论).
_WORD_LABEL_TAIL = re.compile(
    rf"之?(?P<n>{patterns.LABEL_CN}|{patterns.LABEL_AR})(?P<mark>[:,、])"
)
_INLINE_PUNCTUATION = re.compile(f"[{re.escape(patterns.INLINE_PUNCTUATION)}]\\s*")


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """A label found in a paragraph: where it starts and where its text starts."""

    label: Label
    start: int  # offset of the label
    end: int  # offset after its mark and any spaces: where its text starts
    sentence_start: bool = True  # at the paragraph's start or after 。!?:;


def chinese_numeral(text: str) -> int:
    """The value of a Chinese numeral: 十 -> 10, 二十三 -> 23, 二〇一〇 -> 2010.

    Raises ValueError for text that is not a well-formed numeral.
    """
    if not text or any(
        ch not in patterns.CHINESE_DIGITS and ch not in patterns.CHINESE_UNITS
        for ch in text
    ):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if not any(ch in patterns.CHINESE_UNITS for ch in text):
        # Digit by digit, as years are written: 二〇一〇.
        return int("".join(str(patterns.CHINESE_DIGITS[ch]) for ch in text))
    return _numeral_with_units(text)


def _numeral_with_units(text: str) -> int:
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in patterns.CHINESE_DIGITS:
            if digit not in (None, 0):
                raise ValueError(f"two digits in a row: {text!r}")
            digit = patterns.CHINESE_DIGITS[ch]
            continue
        unit = patterns.CHINESE_UNITS[ch]
        if unit >= last_unit or digit == 0:
            raise ValueError(f"units out of order: {text!r}")
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)


def label_number(numeral: str, kind: str) -> int | None:
    """The ordinal of a label's numeral, or None when it is not one."""
    if kind == "arabic":
        return int(numeral) or None
    if kind == "decimal":
        return int(numeral.rsplit(".", 1)[1]) or None
    if kind == "paren-char":
        return ord(numeral) - 0x2473
    if kind == "dot-char":
        return ord(numeral) - 0x2487
    # 二三五 (digit by digit) is a name such as “二三五”战略, not an ordinal.
    if len(numeral) > 1 and not any(ch in patterns.CHINESE_UNITS for ch in numeral):
        return None
    try:
        return chinese_numeral(numeral) or None
    except ValueError:
        return None


def label_at(
    text: str, folded: str, position: int, *, paragraph_start: bool
) -> LabelMatch | None:
    """The label standing at `position`, if any."""
    if position >= len(folded):
        return None
    if folded[position] not in patterns.LABEL_START:
        return word_label_at(text, folded, position)
    for style in patterns.NUMBERING:
        if style.at_start_only and not paragraph_start:
            continue
        match = style.pattern.match(folded, position)
        if not match:
            continue
        number = label_number(match.group("n"), style.numeral)
        if number is None:
            continue
        mark_start, mark_end = match.span("mark")
        end = mark_end
        while end < len(text) and text[end].isspace():
            end += 1
        label = Label(
            text=text[position:mark_start],
            number=number,
            style=style.name,
            mark=text[mark_start:mark_end],
        )
        return LabelMatch(label, position, end)
    return None


def word_label_at(text: str, folded: str, position: int) -> LabelMatch | None:
    """Amendment §6.1: 方法二:, 体会之三:, 资料2: (words of label_words)."""
    words = lexicon.matcher("label_words")
    word = words.match(folded, position) if words is not None else None
    if word is None:
        return None
    match = _WORD_LABEL_TAIL.match(folded, word.end())
    if match is None:
        return None
    kind = "arabic" if match.group("n").isdigit() else "chinese"
    number = label_number(match.group("n"), kind)
    if number is None:
        return None
    end = match.end()
    while end < len(text) and text[end].isspace():
        end += 1
    label = Label(
        text=text[position : match.start("mark")],
        number=number,
        style=f"word-{folded[position : word.end()]}-{kind}",
        mark=text[match.start("mark") : match.end("mark")],
    )
    return LabelMatch(label, position, end)


def leading_label(text: str, folded: str | None = None) -> LabelMatch | None:
    """The label a paragraph starts with, if any."""
    folded = patterns.fold(text) if folded is None else folded
    return label_at(text, folded, 0, paragraph_start=True)


def inline_labels(text: str, folded: str, start: int = 0) -> list[LabelMatch]:
    """Labels after punctuation in text[start:], candidates for inline items.

    A label glued to text (每村投入2、3万元) is not one: only a label after
    。!?;:,、 (spaces between do not count) can be structure.
    """
    found = []
    for punctuation in _INLINE_PUNCTUATION.finditer(folded, start):
        position = punctuation.end()
        match = label_at(text, folded, position, paragraph_start=False)
        if match is None:
            continue
        sentence_start = folded[punctuation.start()] in patterns.SENTENCE_PUNCTUATION
        found.append(LabelMatch(match.label, match.start, match.end, sentence_start))
    return found


def same_family(first: Label, second: Label) -> bool:
    """Whether two labels may follow one another in an inline run."""
    return _family(first.style) == _family(second.style)


def _family(style: str) -> str:
    known = STYLES.get(style)
    return known.family if known else style


def sentence_end(folded: str, start: int, stop: int | None = None) -> int | None:
    """Offset after the first full stop in folded[start:stop] and its closers."""
    stop = len(folded) if stop is None else stop
    positions = [folded.find(mark, start, stop) for mark in patterns.FULL_STOPS]
    positions = [p for p in positions if p >= 0]
    if not positions:
        return None
    end = min(positions) + 1
    while end < stop and folded[end] in patterns.CLOSERS:
        end += 1
    return end
