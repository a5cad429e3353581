"""Relabel a list after a reorder, in the list's own style.

第一, 第二… / (一), (二)… / 1、2、… / 一是, 二是…: the numeral in a label is
replaced by the new ordinal written the same way (Chinese, financial Chinese,
Arabic or full-width Arabic); the marks around it stay as written.
"""

import re

DIGITS = "零一二三四五六七八九"
FINANCIAL = "零壹贰叁肆伍陆柒捌玖"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
NUMERAL = re.compile(
    r"[0-9]+|[０-９]+|[一二三四五六七八九十百]+|[壹贰叁肆伍陆柒捌玖拾]+"
)


def chinese(number: int, *, financial: bool = False) -> str:
    """`number` (1–999) in Chinese numerals: 11 -> 十一, 23 -> 二十三."""
    digits = FINANCIAL if financial else DIGITS
    ten, hundred = ("拾", "佰") if financial else ("十", "百")
    if not 0 < number < 1000:
        raise ValueError(f"cannot write {number} in Chinese numerals")
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = f"{digits[hundreds]}{hundred}" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else digits[tens]) + ten
    elif hundreds and units:
        text += digits[0]
    return text + (digits[units] if units else "")


def relabel(label: str, number: int) -> str:
    """`label` with its numeral replaced by `number`, written the same way."""
    matches = list(NUMERAL.finditer(label))
    if not matches:
        return label
    match = matches[-1]  # 1.2 -> the last part is this item's own ordinal
    numeral = match.group()
    if numeral.isascii():
        written = str(number)
    elif numeral[0] in "０１２３４５６７８９":
        written = str(number).translate(FULL_WIDTH)
    else:
        written = chinese(number, financial=numeral[0] in "壹贰叁肆伍陆柒捌玖拾")
    return label[: match.start()] + written + label[match.end() :]
