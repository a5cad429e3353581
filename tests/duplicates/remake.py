"""The reference document as another site would publish it (issue 9).

Another document title and essay titles, another site's furniture, other
watermark words injected, and a few characters edited in every essay: what an
editor meets when the same speeches come back from a second site.
"""

import re

MARKER = re.compile(r"^第[一二三四五六七八九十]+篇[:：]")
TRAILER = re.compile(r"^下载.*word格式文档")
HEADER = """基层党群工作讲话材料汇编(精选5篇)

时间:2021-08-03 09:12:40 作者:范文先生网
简介:范文先生网为你整理了多篇相关的《基层党群工作讲话材料汇编》。
"""
FOOTER = """相关推荐

基层党建工作讲话稿范文

做好新时期群众工作的几点体会
"""
RETITLED = {
    "如何做好新时期的基层党群工作": "新时期基层党群工作怎么做",
    "浅谈如何做好新时期基层群众工作": "新时期基层群众工作浅析",
    "浅谈如何做好新时期基层统战工作": "乡镇统战工作浅议",
    "如何做好新时期基层统战工作": "基层统一战线工作的思考",
    "如何做好新时期基层思想政治工作": "思想政治工作在基层",
}
WATERMARKS = {"写写帮文库": "范文先生网", "文秘杂烩网": "文档之家"}
INJECTED = "第一范文网"  # a shipped watermark word the reference never uses
EDITS_PER_ESSAY = 4


def remade_reference(text: str) -> str:
    """The reference document's essays under another site's layout."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if MARKER.match(line))
    last = next(i for i, line in enumerate(lines) if TRAILER.match(line))
    essays = split_essays(lines[first:last])
    body = "\n".join("\n".join(remade_essay(essay)) for essay in essays)
    for old, new in WATERMARKS.items():
        body = body.replace(old, new)
    return f"{HEADER}\n{body}\n\n{FOOTER}"


def split_essays(lines: list[str]) -> list[list[str]]:
    essays: list[list[str]] = []
    for line in lines:
        if MARKER.match(line):
            essays.append([])
        essays[-1].append(line)
    return essays


def remade_essay(lines: list[str]) -> list[str]:
    """Titles renamed, a watermark injected, a few characters edited."""
    lines = [retitled(line) for line in lines]
    longest = sorted(range(len(lines)), key=lambda i: -len(lines[i]))
    for rank, index in enumerate(longest[:EDITS_PER_ESSAY]):
        lines[index] = edited(lines[index], rank)
    middle = longest[0]
    cut = len(lines[middle]) // 3
    lines[middle] = lines[middle][:cut] + INJECTED + lines[middle][cut:]
    return lines


def retitled(line: str) -> str:
    for old, new in RETITLED.items():
        if line.endswith(old) and len(line) <= len(old) + 4:
            return line[: len(line) - len(old)] + new
    return line


def edited(line: str, rank: int) -> str:
    """Two characters of a paragraph changed, as a site's retyping does."""
    position = len(line) // 2 + rank
    return line[:position] + "某" + line[position + 1 :].replace("的", "之", 1)
