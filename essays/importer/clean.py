"""Text to paragraphs: site furniture and watermarks out, broken paragraphs joined.

The steps run in the contract's order (import-contract.md, "Decoding and
clean-up"): furniture lines, then watermarks, then layout repair, so a
watermark at a paragraph's end is gone before the paragraph is judged broken.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from essays.importer import lexicon, patterns, shapes
from essays.importer.furniture import furniture_kind, is_editor_line
from essays.importer.header import find_title_line, prepare_lines
from essays.importer.layout import (
    drop_page_chunks,
    join_broken_paragraphs,
    join_split_labels,
)
from essays.importer.lines import renumbered
from essays.importer.split import is_essay_marker


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A document's paragraphs, and sentences about what was removed."""

    paragraphs: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def clean(text: str, watermarks: Iterable[str] = ()) -> Cleaned:
    """Paragraphs of a document's text: furniture out, watermarks out, joined."""
    furniture, cut = Counter(), Counter()
    lines = prepare_lines(text, cut)  # bullets, truncation prompts, captions
    lines = join_split_labels(lines)  # 4 / 、坚持… (before page numbers go)
    lines = drop_furniture_lines(lines, furniture)
    lines = drop_tables_of_contents(lines, furniture)
    remover = WatermarkRemover(watermarks)
    lines = [text for line in lines if (text := renumbered(remover.remove(line), line))]
    lines = drop_editor_lines(lines, furniture)
    # After the watermarks, so a line that was only the site's name is not
    # taken for the title line.
    lines = drop_header(lines, furniture)
    lines, chunked = drop_page_chunks(lines)
    paragraphs = join_broken_paragraphs(lines)
    warnings = _warnings(furniture, remover, cut)
    if chunked:
        warnings += (f"删除预览分页编号 {chunked} 处，各页文字已接续",)
    return Cleaned(tuple(paragraphs), warnings)


def clean_title(title: str, watermarks: Iterable[str] = ()) -> str:
    """A <title> without watermarks and the separators they leave: 标题_某某文库."""
    return patterns.TITLE_SEPARATORS.sub("", WatermarkRemover(watermarks).remove(title))


def _warnings(
    furniture: Counter, remover: WatermarkRemover, cut: Counter
) -> tuple[str, ...]:
    warnings = []
    if furniture:
        warnings.append(
            f"删除网站附加内容 {furniture.total()} 行（{_tally(furniture)}）"
        )
    if cut:
        warnings.append(f"删除行内附加内容 {cut.total()} 处（{_tally(cut)}）")
    for kind, counts in remover.removed.items():
        if counts:
            warnings.append(f"删除{kind} {counts.total()} 处（{_tally(counts)}）")
    return tuple(warnings)


# Furniture kinds as an editor reads them (the names are identifiers in code).
KIND_NAMES = {
    "upload line": "上传信息", "source line": "来源行", "author line": "作者行",
    "view counter": "浏览计数", "breadcrumb": "导航路径", "blurb": "网站简介",
    "site navigation": "网站导航", "preview": "预览提示",
    "copyright notice": "版权说明",
    "format line": "格式信息", "download prompt": "下载提示", "disclaimer": "声明",
    "ICP line": "备案信息", "page number": "页码", "credit trailer": "责编署名",
    "journal metadata": "期刊信息", "related essays": "相关推荐",
    "low-Han paragraph": "非中文段落", "anti-scraping junk": "防采集乱码",
    "editor's furniture": "编辑标记的附加内容", "page chrome": "页面按钮",
    "badge": "标识", "site notice": "网站须知", "question stub": "求答案留言",
    "forum line": "论坛信息", "column line": "栏目标签",
}  # fmt: skip


def _tally(counts: Counter) -> str:
    return "，".join(
        f"{KIND_NAMES.get(name, name)} ×{count}" for name, count in counts.most_common()
    )


# --- furniture -------------------------------------------------------------


def drop_furniture_lines(lines: list[str], removed: Counter) -> list[str]:
    """Lines that are not furniture; 摘要's label goes, its text stays.

    The title line (§3.1) decides what stands above it; site notices count
    as furniture before the first text; a related-essays heading ends the
    document only once essay text has begun (§3.9).
    """
    title_line = find_title_line(lines)
    if title_line:
        removed["标题上方的网站名"] += title_line
    kept = []
    for line in lines[title_line:]:
        kind = furniture_kind(line, before_text=not kept)
        if kind is None:
            line = _without_abstract_label(line)
            if line:
                kept.append(line)
            continue
        removed[kind.name] += 1
        if kind.drop_rest and len(kept) >= 2:
            break
    return kept


def drop_editor_lines(lines: list[str], removed: Counter) -> list[str]:
    """Lines an editor marked, as they read once watermarks are gone."""
    kept = [line for line in lines if not is_editor_line(line)]
    if len(kept) < len(lines):
        removed["editor's furniture"] += len(lines) - len(kept)
    return kept


def _without_abstract_label(line: str) -> str:
    match = patterns.ABSTRACT_PREFIX.match(patterns.fold(line))
    return renumbered(line[match.end() :].strip(), line) if match else line


def is_toc_entry(line: str) -> bool:
    """A short line ending in dot leaders or a page number: 一、存在的问题2."""
    return len(line) <= patterns.TOC_ENTRY_MAX_LENGTH and bool(
        patterns.TOC_ENTRY.match(patterns.fold(line))
    )


def drop_tables_of_contents(lines: list[str], removed: Counter) -> list[str]:
    """Lines outside tables of contents (a 目录 block, or 3+ entries in a row)."""
    kept, index = [], 0
    while index < len(lines):
        headed = bool(patterns.TOC_HEADING.match(patterns.fold(lines[index])))
        end = index + 1 if headed else index
        while end < len(lines) and is_toc_entry(lines[end]):
            end += 1
        if headed or end - index >= patterns.TOC_MIN_RUN:
            removed["目录"] += end - index
            index = end
            continue
        kept.append(lines[index])
        index += 1
    return kept


def drop_header(lines: list[str], removed: Counter) -> list[str]:
    """Drop what stands between the title line and the first essay marker."""
    first_marker = next(
        (index for index, line in enumerate(lines) if is_essay_marker(line)), None
    )
    if not first_marker:
        return lines
    if first_marker > 1:
        removed["页眉"] += first_marker - 1
    return lines[:1] + lines[first_marker:]


# --- watermarks ------------------------------------------------------------


def _symbol_class() -> str:
    ranges, start = [], None
    for code in range(0x10001):
        is_symbol = (
            code < 0x10000
            and unicodedata.category(chr(code)) == "So"
            and chr(code) not in patterns.ZERO_SYMBOLS
        )
        if is_symbol and start is None:
            start = code
        elif not is_symbol and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "[" + "".join(ranges) + "]"


# Two or more Unicode symbols (category So) in a row: ✿★✿◈★. A lone ℃, ° or
# © is text, and so is ○ used as a zero (二○○九年).
SYMBOL_RUN = re.compile(_symbol_class() + "{2,}")


class WatermarkRemover:
    """Removes watermarks from lines and counts what it removed, by kind."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        folded = {patterns.fold(word.strip()) for word in words if word.strip()}
        folded.update(lexicon.words("watermarks"))
        alternatives = sorted(folded, key=len, reverse=True)
        self.words = (
            re.compile("|".join(map(re.escape, alternatives)), re.IGNORECASE)
            if alternatives
            else None
        )
        self.removed = {
            "水印词": Counter(),
            "拼音注音": Counter(),
            "装饰符号": Counter(),
        }

    def remove(self, line: str) -> str:
        """The line without watermark words, URLs, glosses and symbol runs."""
        words = self.removed["水印词"]
        if self.words is not None:
            line = _cut(line, self.words.finditer(patterns.fold(line)), words, str)
        line = _cut(line, patterns.URL.finditer(line), words, _url_kind)
        line = _cut(line, patterns.BARE_DOMAIN.finditer(line), words, str.lower)
        line = _cut(
            line,
            patterns.PINYIN_GLOSS.finditer(line),
            self.removed["拼音注音"],
            str,
        )
        symbols = self.removed["装饰符号"]
        line = _cut(line, patterns.EMOJI.finditer(line), symbols, lambda _: "表情符号")
        line = _cut(line, SYMBOL_RUN.finditer(line), symbols, str)
        line = _cut(line, shapes.JUNK_TAIL.finditer(line), words, lambda _: "乱码")
        return line.strip()


def _url_kind(url: str) -> str:
    lowered = url.lower()
    return next(p for p in ("https://", "http://", "www.") if lowered.startswith(p))


def _cut(line: str, matches: Iterable[re.Match], counts: Counter, kind) -> str:
    """The line without the matched spans; each counted under kind(match text)."""
    parts, position = [], 0
    for match in matches:
        if match.end() == match.start():
            continue
        parts.append(line[position : match.start()])
        counts[kind(match.group())] += 1
        position = match.end()
    if not position:
        return line
    parts.append(line[position:])
    return "".join(parts)
