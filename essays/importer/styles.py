"""DATA: numbering styles, Chinese numerals, concluding phrases, declared counts.

import-contract.md, "Numbering" and "Where the text goes", as named rows.
Split from patterns.py (which re-exports these names) to keep each module to
one concern; matched against folded text like the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from essays.importer.data_files import read_word_list

__all__ = [
    "CHINESE_DIGITS",
    "CHINESE_UNITS",
    "CONCLUDING_PHRASES",
    "DECIMAL_UNITS",
    "DECLARED_COUNT",
    "LABEL_AR",
    "LABEL_CN",
    "LABEL_START",
    "NUMBERING",
    "Style",
]

# --- structure -------------------------------------------------------------

# The concluding phrases that open an essay's closing (complete list).
CONCLUDING_PHRASES = (
    "总之",
    "总而言之",
    "综上所述",
    "总的来说",
    "综合以上",
    "总体来看",
)

# A count announced by a lead-in: 10件事, 三个方面, 以下四点, 四个坚持.
DECLARED_COUNT = re.compile(
    r"(?P<n>\d{1,3}|[一二三四五六七八九十两]{1,3})\s*"
    r"(?P<unit>个方面|个问题|件事|个|点|条|项|方面|种|类|大)"
)


@dataclass(frozen=True, slots=True)
class Style:
    """A numbering style: a label's shape with its numeral replaced by a kind.

    `pattern` has the groups `n` (the numeral) and `mark` (the punctuation
    after the label, not part of the contract's `label`).
    """

    name: str
    pattern: re.Pattern[str]
    numeral: str  # "chinese", "arabic", "paren-char", "dot-char", "decimal"
    family: str = ""  # inline runs may mix the styles of one family
    at_start_only: bool = False  # only at a paragraph's start (decimals)


# A label's Chinese numeral: no leading zero, no 两 (第两 is not written).
LABEL_CN = (
    "[一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰]"
    "[一二三四五六七八九十百零〇壹贰叁肆伍陆柒捌玖拾佰]{0,4}"
)
LABEL_AR = r"\d{1,3}"
# A unit glued to a decimal makes it a quantity: 2.5万名, 1.5亿元, 31.6%.
DECIMAL_UNITS = (
    r"(?![\d%‰.]|"
    + "|".join(
        map(re.escape, sorted(read_word_list("units.txt"), key=len, reverse=True))
    )
    + ")"
)


def _style(name: str, regex: str, numeral: str, **options) -> Style:
    options.setdefault("family", name)
    return Style(name, re.compile(regex), numeral, **options)


def _word_styles(word: str, name: str) -> tuple[Style, ...]:
    return (
        _style(
            f"{name}-cn",
            rf"第\s*(?P<n>{LABEL_CN})\s*{word}(?P<mark>[:、,.]?)",
            "chinese",
        ),
        _style(
            f"{name}-ar",
            rf"第\s*(?P<n>{LABEL_AR})\s*{word}(?P<mark>[:、,.]?)",
            "arabic",
        ),
    )


# import-contract.md, "Numbering": the label families (complete list). Order
# matters: the first style that matches wins (第一部分 before 第一, 1.2 before 1.).
NUMBERING = (
    *_word_styles("部分", "part"),
    *_word_styles("章", "chapter"),
    *_word_styles("节", "section"),
    *_word_styles("条", "article"),
    *_word_styles("点", "point"),
    # Ordinal words need their mark: 第一书记, 第一手 are text.
    _style("ordinal-cn", rf"第(?P<n>{LABEL_CN})(?P<mark>[,、:.])", "chinese"),
    _style("ordinal-ar", rf"第(?P<n>{LABEL_AR})(?P<mark>[,、:.])", "arabic"),
    _style("qi", rf"其(?P<n>{LABEL_CN})(?P<mark>[,、:.])", "chinese"),
    _style("paren-cn", rf"\((?P<n>{LABEL_CN})\)(?P<mark>[、,.:]?)", "chinese"),
    _style("paren-ar", rf"\((?P<n>{LABEL_AR})\)(?P<mark>[、,.:]?)", "arabic"),
    _style("paren-char", r"(?P<n>[\u2474-\u2487])(?P<mark>[、,.:]?)", "paren-char"),
    _style(
        "decimal-3",
        rf"(?P<n>{LABEL_AR}\.{LABEL_AR}\.{LABEL_AR})(?P<mark>[.、]?){DECIMAL_UNITS}(?=\s*\S)",
        "decimal",
        at_start_only=True,
    ),
    _style(
        "decimal-2",
        rf"(?P<n>{LABEL_AR}\.{LABEL_AR})(?P<mark>[.、]?){DECIMAL_UNITS}(?=\s*\S)",
        "decimal",
        at_start_only=True,
    ),
    _style("bracket-ar", rf"(?P<n>{LABEL_AR})\)(?P<mark>[、,.:]?)", "arabic"),
    _style("arabic-mark", rf"(?P<n>{LABEL_AR})(?P<mark>[、.,])(?!\d)", "arabic"),
    _style("dot-char", r"(?P<n>[\u2488-\u249b])(?P<mark>)", "dot-char"),
    _style("shi", rf"(?P<n>{LABEL_CN})是(?P<mark>[,:、]?)", "chinese", family="word"),
    _style("yao", rf"(?P<n>{LABEL_CN})要(?P<mark>[,:、]?)", "chinese", family="word"),
    _style("chinese-mark", rf"(?P<n>{LABEL_CN})(?P<mark>[、,.:])", "chinese"),
)
# Characters a label can start with, to skip most positions cheaply.
LABEL_START = frozenset(
    "第其(0123456789一二三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰"
    + "".join(map(chr, range(0x2474, 0x249C)))
)

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2,
    "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
CHINESE_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
