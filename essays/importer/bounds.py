"""Bounds on one document's tree (decisions.md, "Bounds"): nodes, depth, titles.

A document over the node cap is refused; a level of points deeper than six is
flattened onto the sixth; a title over 500 characters keeps its first 500 and
the rest starts its body. Nothing is lost, and each change is a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from essays.importer.errors import TooManyNodes
from essays.importer.groups import Where
from essays.importer.lines import Locator
from essays.importer.nodes import Node, ParsedEssay

MAX_NODES = 5_000
MAX_POINT_DEPTH = 6  # points below a section: depths 1-6
MAX_TITLE = 500


def count_nodes(nodes: tuple[Node, ...]) -> int:
    """Sections and points of a tree, without recursion."""
    count, stack = 0, list(nodes)
    while stack:
        node = stack.pop()
        count += 1
        stack += node.children
    return count


# A line that starts with a label, cheaply: for refusing a huge document
# before the slower stages read it (issue 14: 160,000 labelled lines).
_LABELLED_LINE = re.compile(
    r"^[ \t\u3000]*(?:[-•·]\s*)?(?:第\s*[一二三四五六七八九十百零\d]+"
    r"|[(（][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十]+[、,，.．:：是要]|\d{1,3}[、.．,)）])",
    re.MULTILINE,
)
# Labels the level rules may still reject as text: refuse only far above the cap.
EARLY_FACTOR = 2


def refuse_early(text: str) -> None:
    """Refuse a text with far more labelled lines than the node cap allows."""
    labelled = sum(1 for _ in _LABELLED_LINE.finditer(text))
    if labelled > EARLY_FACTOR * MAX_NODES:
        refuse_too_many(labelled)


def refuse_too_many(total: int) -> None:
    """Refuse a document with more nodes than the cap."""
    if total > MAX_NODES:
        raise TooManyNodes(
            f"文档的章节和要点超过 {MAX_NODES:,} 个（共 {total:,} 个），"
            "请拆分成几个文件再导入。"
        )


def check_bounds(
    essays: list[ParsedEssay], warnings: list[str], locator: Locator | None = None
) -> None:
    """Refuse too many nodes; flatten deep levels and cut long titles, in place."""
    refuse_too_many(sum(count_nodes(essay.nodes) for essay in essays))
    locator = locator or Locator()
    for index, essay in enumerate(essays):
        where = partial(locator.where, index + 1)
        nodes = tuple(_bounded(node, 0, warnings, where) for node in essay.nodes)
        title, body = essay.title, essay.body
        if len(title) > MAX_TITLE:
            warnings.append(_long_title_warning(where, title))
            title, body = title[:MAX_TITLE], (title[MAX_TITLE:], *body)
        essays[index] = replace(essay, title=title, body=body, nodes=nodes)


def _bounded(node: Node, depth: int, warnings: list[str], where: Where) -> Node:
    title, body = node.title, node.body
    if len(title) > MAX_TITLE:
        warnings.append(_long_title_warning(where, title))
        title, body = title[:MAX_TITLE], (title[MAX_TITLE:].strip(), *body)
    children = node.children
    if depth + 1 >= MAX_POINT_DEPTH and any(child.children for child in children):
        label = node.label.written if node.label else ""
        warnings.append(
            f"{where(title[:12])}：“{label}{title[:12]}”"
            f"下的要点超过 {MAX_POINT_DEPTH} 级，"
            f"更深的层级已并入第 {MAX_POINT_DEPTH} 级。"
        )
        children = tuple(_flatten(children))
    children = tuple(_bounded(child, depth + 1, warnings, where) for child in children)
    return replace(node, title=title, body=body, children=children)


def _flatten(children: tuple[Node, ...]):
    """Points of the sixth level, each followed by its descendants as siblings."""
    for child in children:
        yield replace(child, children=())
        stack = list(reversed(child.children))
        while stack:
            node = stack.pop()
            yield replace(node, kind="point", children=())
            stack += reversed(node.children)


def _long_title_warning(where: Where, title: str) -> str:
    return (
        f"{where(title[:20])}：标题“{title[:20]}…”超过 {MAX_TITLE} 字，"
        f"前 {MAX_TITLE} 字作标题，其余移入正文。"
    )
