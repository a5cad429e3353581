"""Bytes to text: encodings, line ends, HTML remnants, invisible characters.

`decode` refuses what is not a text file; `strip_markup` removes what is not
text from a text file (HTML, zero-width characters, odd spaces); `check_text`
refuses text with nothing to import or too little Chinese in it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from essays.importer import patterns
from essays.importer.characters import (
    drop_direction_marks,
    is_invisible_only,
    replace_radicals,
)
from essays.importer.errors import EmptyDocument, Garbled, NotText, TooLarge

MAX_BYTES = 5 * 1024 * 1024
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")


@dataclass(frozen=True, slots=True)
class Markup:
    """Text with HTML removed, and the page's <title> if it had one."""

    text: str
    title: str = ""
    warnings: tuple[str, ...] = ()


def decode(raw: bytes) -> str:
    """The text of a file's bytes: UTF-8 or GB18030, LF line ends."""
    if len(raw) > MAX_BYTES:
        raise TooLarge()
    if patterns.CONTROL_BYTES.search(raw):
        raise NotText(
            "含有 NUL 或其他控制字符，是二进制文件而不是文本，请上传 .txt 等文本文件"
        )
    text = _decode_bytes(raw)
    if patterns.CONTROL_CHARACTERS.search(text):
        raise NotText("含有控制字符，是二进制文件而不是文本，请上传 .txt 等文本文件")
    return _NEWLINES.sub("\n", text)


def _decode_bytes(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark is not text
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NotText()


def strip_markup(text: str) -> Markup:
    """Remove HTML tags and invisible characters; entities become text."""
    title, warnings = "", []
    if patterns.HTML_HINT.search(text):
        text, title, warnings = _strip_tags(text)
    text = patterns.HTML_ENTITY.sub(lambda match: html.unescape(match.group()), text)
    title = patterns.HTML_ENTITY.sub(lambda match: html.unescape(match.group()), title)
    text, radicals = replace_radicals(_normalise_spaces(text))
    title, _ = replace_radicals(_normalise_spaces(title).strip())
    if radicals:
        warnings.append(f"替换部首字符 {radicals} 处（PDF 字体写成部首的汉字）")
    if is_invisible_only(title):
        title = ""
    return Markup(text, title, tuple(warnings))


def _normalise_spaces(text: str) -> str:
    text = drop_direction_marks(patterns.ZERO_WIDTH.sub("", text))
    return patterns.SPACES.sub(" ", text)


def _strip_tags(text: str) -> tuple[str, str, list[str]]:
    """Text outside tags; block tags end the line; script/style/title dropped."""
    text, warnings = _strip_comments(text)
    kept, title, position = [], [], 0
    inside = ""  # the element whose contents are not text: script, style, title
    for tag in patterns.HTML_TAG.finditer(text):
        between = text[position : tag.start()]
        position = tag.end()
        if inside == "title":
            title.append(between)
        elif not inside:
            kept.append(between)
        closing, name = tag.group(1), (tag.group(2) or "").lower()
        if inside:
            if closing and name == inside:
                inside = ""
            continue
        if not closing and (name in patterns.DROPPED_ELEMENTS or name == "title"):
            inside = name
        if name in patterns.BLOCK_TAGS:
            kept.append("\n")
    if not inside:
        kept.append(text[position:])
    return "".join(kept), " ".join("".join(title).split()), warnings


def _strip_comments(text: str) -> tuple[str, list[str]]:
    """Text without HTML comments. An unterminated `<!--` hides nothing: the
    text after it is kept (only the marker goes), with a warning naming its line."""
    parts, position, warnings = [], 0, []
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            line = text.count("\n", 0, start) + 1
            warnings.append(
                f"第{line}行：HTML 注释“<!--”没有结束，其后的文字按正文保留"
            )
            position = start + 4
            break
        position = end + 3
    parts.append(text[position:])
    return "".join(parts), warnings


def check_text(text: str) -> None:
    """Refuse text with nothing in it, or too few Han characters to be Chinese."""
    visible = len("".join(text.split()))
    if not visible:
        raise EmptyDocument("文档是空的（只有空白），请检查是否选错了文件")
    han = len(patterns.HAN.findall(text))
    if han < patterns.GARBLED_HAN_RATIO * visible:
        raise Garbled(
            f"文字像是乱码：汉字只占 {100 * han // visible}%（至少要 20%），"
            "请检查文件编码或是否为中文文档"
        )
