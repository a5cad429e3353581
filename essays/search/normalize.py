"""Text as search matches it: simplified, half-width, numerals in digits.

Readers type 群眾工作 for 群众工作 and 十件事 for 10件事, so both the indexed
text and the query go through `normalize()`; the stored text never changes.
`normalize_with_offsets()` also says where each normalized character came
from, so that a match found in the normalized text is highlighted in the
original one.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from essays.importer.numbering import chinese_numeral

CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千万"
# A Chinese numeral counts something when an ordinal 第 stands before it or a
# measure word after it (十件事, 三个方面, 第三); elsewhere it is part of a
# word and stays (一岗双责, 三会一课, 万一).
MEASURE_WORDS = "件个条项点次大类种名位年步招批轮届章节"
NUMERAL = re.compile(
    rf"(?<=第)[{CHINESE_NUMERAL}]+|[{CHINESE_NUMERAL}]+(?=[{MEASURE_WORDS}])"
)


@cache
def converter():
    """OpenCC's traditional-to-simplified converter (C++, loads once)."""
    import opencc

    return opencc.OpenCC("t2s")


def _digits(match: re.Match) -> str:
    text = match.group()
    if text == "两":
        return "2"
    try:
        return str(chinese_numeral(text.replace("两", "二")))
    except ValueError:
        return text


def fold(text: str) -> str:
    """Half-width, lower-case, simplified; same length when each step is."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return converter().convert(folded)


def normalize(text: str) -> str:
    """The text search matches: folded, Chinese numerals as digits."""
    return NUMERAL.sub(_digits, fold(text))


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    origin: tuple[int, ...]  # origin[i]: index in the original of text[i]; +1 end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for the normalized span [start, end)."""
        return self.origin[start], self.origin[end]


def normalize_with_offsets(text: str) -> Normalized:
    """`normalize(text)` with where each character came from."""
    folded = fold(text)
    if len(folded) == len(text):
        origin = list(range(len(text) + 1))
    else:  # NFKC or OpenCC changed a length: fold character by character
        parts = [fold(char) for char in text]
        folded = "".join(parts)
        origin = [index for index, part in enumerate(parts) for _ in part]
        origin.append(len(text))
    pieces, mapped, last = [], [], 0
    for match in NUMERAL.finditer(folded):
        pieces.append(folded[last : match.start()])
        mapped += origin[last : match.start()]
        digits = _digits(match)
        pieces.append(digits)
        start, end = origin[match.start()], origin[match.end()]
        mapped += [start] * (len(digits) - 1) + [end - 1] if digits else []
        last = match.end()
    pieces.append(folded[last:])
    mapped += origin[last:]
    return Normalized("".join(pieces), tuple(mapped))
