"""Word's automatic numbering rendered as the label a reader sees (一、 (一) 1.).

The numbers of an auto-numbered list are not in the paragraph's text: Word
draws them from numbering.xml. A paragraph names a list (numId) and a level
(ilvl); the list points at an abstract definition whose levels give a number
format (numFmt), a template (lvlText, `%1、` or `（%1）`) and a start value.
Counters run per list and level; a level restarts when a higher one advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

CN_DIGITS = "〇一二三四五六七八九"
CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
FULL_STOP_DIGITS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def chinese_counting(number: int, digits: str = CN_DIGITS, ten: str = "十") -> str:
    """一, 十, 十一, 二十三, 一百零五: Chinese counting as Word writes it."""
    if number <= 0:
        return str(number)
    if number < 10:
        return digits[number]
    if number < 20:
        return ten + (digits[number % 10] if number % 10 else "")
    if number < 100:
        tens, units = divmod(number, 10)
        return digits[tens] + ten + (digits[units] if units else "")
    hundreds, rest = divmod(number, 100)
    if hundreds >= 10:
        return str(number)
    head = digits[hundreds] + "百"
    if not rest:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    if rest < 20:  # 一百一十五: after a hundred the ten is counted
        return head + digits[1] + chinese_counting(rest, digits, ten)
    return head + chinese_counting(rest, digits, ten)


def roman(number: int) -> str:
    """Upper-case Roman numerals."""
    parts = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def letters(number: int) -> str:
    """a..z, then aa, bb… as Word counts letters."""
    repeat, index = divmod(number - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def _from(table: str, number: int) -> str:
    return table[number - 1] if 1 <= number <= len(table) else str(number)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda n: _from(CIRCLED, n),
    "decimalEnclosedCircleChinese": lambda n: _from(CIRCLED, n),
    "decimalEnclosedParen": lambda n: _from(PARENTHESISED, n),
    "decimalEnclosedFullstop": lambda n: _from(FULL_STOP_DIGITS, n),
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "chineseLegalSimplified": lambda n: chinese_counting(n, CN_LEGAL_DIGITS, "拾"),
    "ideographLegalTraditional": lambda n: chinese_counting(n, CN_LEGAL_DIGITS, "拾"),
    "ideographDigital": lambda n: "".join(CN_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(CN_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: _from(HEAVENLY_STEMS, n),
    "ideographZodiac": lambda n: _from(EARTHLY_BRANCHES, n),
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "lowerRoman": lambda n: roman(n).lower(),
    "upperRoman": roman,
}


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list definition."""

    number_format: str = "decimal"
    template: str = "%1."
    start: int = 1
    suffix: str = "tab"  # what Word puts after the label: tab, space, nothing


@dataclass
class Numbering:
    """The lists of a document and their running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # overrides
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance list `num_id` at level `ilvl` and return the label shown."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = self.start_of(num_id, levels, ilvl)
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]  # a higher level advanced: lower ones restart
        return render_template(levels, counters, ilvl, self, num_id)

    def start_of(self, num_id: str, levels: dict[int, Level], ilvl: int) -> int:
        """Where a level's counting starts: the list's override, else its own."""
        return self.starts.get((num_id, ilvl), levels[ilvl].start)


def render_template(
    levels: dict[int, Level],
    counters: dict[int, int],
    ilvl: int,
    numbering: Numbering,
    num_id: str,
) -> str:
    """lvlText with each %N replaced by level N-1's counter in its format."""
    level = levels[ilvl]
    if level.number_format in ("bullet", "none"):
        return ""  # a bullet is not a number; the pipeline drops bullets anyway
    text = level.template
    for index in range(9):
        placeholder = f"%{index + 1}"
        if placeholder not in text:
            continue
        shown = levels.get(index, Level())
        value = counters.get(index) or numbering.start_of(num_id, levels, index)
        render = FORMATS.get(shown.number_format, str)
        text = text.replace(placeholder, render(value))
    return text


def read_numbering(numbering_element) -> Numbering:
    """A document's lists from its numbering.xml root (w:numbering), or none."""
    numbering = Numbering()
    if numbering_element is None:
        return numbering
    abstracts = {
        element.get(qn("w:abstractNumId")): _levels(element)
        for element in numbering_element.findall(qn("w:abstractNum"))
    }
    for num in numbering_element.findall(qn("w:num")):
        num_id = num.get(qn("w:numId"))
        abstract = num.find(qn("w:abstractNumId"))
        if abstract is None:
            continue
        numbering.levels[num_id] = abstracts.get(abstract.get(qn("w:val")), {})
        for override in num.findall(qn("w:lvlOverride")):
            start = override.find(qn("w:startOverride"))
            if start is not None:
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                numbering.starts[(num_id, ilvl)] = int(start.get(qn("w:val")))
    return numbering


def _levels(abstract) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
            number_format=_value(lvl, "w:numFmt", "decimal"),
            template=_value(lvl, "w:lvlText", ""),
            start=int(_value(lvl, "w:start", "1")),
            suffix=_value(lvl, "w:suff", "tab"),
        )
    return levels


def _value(element, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    value = child.get(qn("w:val")) if child is not None else None
    return default if value is None else value
