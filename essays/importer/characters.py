"""Characters that stand for others: radicals from PDF fonts, direction marks.

Amendment §2.1: Kangxi radicals (U+2F00–U+2FD5) become their NFKC forms and
the CJK Radicals Supplement (U+2E80–U+2EF3) maps through a data table, so
labels, search and Han counts see `二、加强行动` in `⼆、加强⾏动`. Direction
overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder what a reader
sees without being text (issue 14): they are removed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from essays.importer.lexicon import shipped

RADICAL = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5]")
DIRECTION_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@cache
def radical_table() -> dict[str, str]:
    """Radical -> ideograph: the supplement's data table, Kangxi by NFKC."""
    table = {}
    for line in shipped("radicals_supplement"):
        radical, ideograph = line.split()[:2]
        table[chr(int(radical, 16))] = chr(int(ideograph, 16))
    for code in range(0x2F00, 0x2FD6):
        table[chr(code)] = unicodedata.normalize("NFKC", chr(code))
    return table


def replace_radicals(text: str) -> tuple[str, int]:
    """The text with radicals as ordinary characters, and how many there were."""
    table = radical_table()
    count = 0

    def ideograph(match: re.Match[str]) -> str:
        nonlocal count
        replaced = table.get(match.group(), match.group())
        count += replaced != match.group()
        return replaced

    return RADICAL.sub(ideograph, text), count


def drop_direction_marks(text: str) -> str:
    """The text without bidirectional overrides and isolates."""
    return DIRECTION_MARKS.sub("", text)


def is_invisible_only(text: str) -> bool:
    """Whether a text has nothing a reader can see (spaces, marks, formats)."""
    return all(
        character.isspace() or unicodedata.category(character) in {"Cf", "Mn", "Zs"}
        for character in text
    )
