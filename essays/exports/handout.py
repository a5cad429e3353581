"""A topic's handout (学习材料): its points by essay and section, in context.

The topic's points are fragments of their essays: a sub-point without its
parent, （一）（三） without （二）. Each point here keeps its parent's label and
title, the siblings that are not on the topic are summarised in one line, and
a 见原文 link leads to the point in its essay (issue 16).
"""

from collections.abc import Callable, Iterator

from django.db.models import prefetch_related_objects

from essays.exports.manuscript import (
    MAX_HEADING_LEVEL,
    Block,
    Kind,
    Manuscript,
    chinese_date,
    node_heading,
    safe_filename,
)
from essays.models import Topic
from essays.selectors import EssayGroup, PointNode, nest


def handout_manuscript(
    topic: Topic, groups: list[EssayGroup], *, absolute: Callable[[str], str]
) -> Manuscript:
    """Every point on `topic`, grouped by essay and section, each in context.

    `absolute` turns a site path into the URL printed after each point. One
    query more than the topic page: the points of the sections shown.
    """
    title = f"{topic.name}学习材料"
    copy = Manuscript(
        title, safe_filename(title, topic.slug), ascii_filename=f"{topic.slug}-handout"
    )
    copy.add(Kind.TITLE, title)
    total = sum(group.point_count for group in groups)
    copy.add(Kind.META, f"共{total}个要点，出自{len(groups)}篇文章。")
    prefetch_related_objects(
        [section for group in groups for section, _ in group.sections], "points"
    )
    for group in groups:
        essay = group.essay
        start = len(copy.blocks)
        copy.add(Kind.HEADING, essay.title, level=1)
        date = chinese_date(essay.date)
        copy.add(
            Kind.SOURCE,
            "，".join(filter(None, [f"来源：{essay.collection.title}", date])),
        )
        link = anchor_link(absolute(essay.get_absolute_url()))
        for section, points in group.sections:
            (tree,) = nest([section], section.points.all())
            copy.add(Kind.HEADING, f"{section.label}{section.title}", level=2)
            matched = {point.pk for point in points}
            copy.blocks += handout_points(
                tree.points, matched, level=3, link=link, lead="同节另有"
            )
        copy.typeset(essay, start)
    return copy


def anchor_link(essay_url: str) -> Callable[[PointNode], str]:
    return lambda node: f"{essay_url}#{node.anchor}"


def holds_match(node: PointNode, matched: set[int]) -> bool:
    return any(found.point.pk in matched for found in node.walk())


def shown_below(node: PointNode, matched: set[int]) -> bool:
    return any(holds_match(child, matched) for child in node.children)


SUMMARY_TITLE_LENGTH = 20  # characters of each unlisted sibling's title
TRAILING_PUNCTUATION = "。；，：,.;:!！?？ "


def short_heading(node: PointNode) -> str:
    title = node.point.title.rstrip(TRAILING_PUNCTUATION)
    if len(title) > SUMMARY_TITLE_LENGTH:
        title = title[:SUMMARY_TITLE_LENGTH] + "……"
    return f"{node.point.label}{title}" or "（无序号）"


def summary(others: list[PointNode], lead: str) -> str:
    """同节另有2条：第二,要管…；第四,要管…。 — siblings that are not listed."""
    items = "；".join(short_heading(node) for node in others)
    return f"{lead}{len(others)}条：{items}。"


def handout_points(
    nodes: list[PointNode],
    matched: set[int],
    *,
    level: int,
    link: Callable[[PointNode], str],
    lead: str,
) -> Iterator[Block]:
    """The matched points among `nodes`, each with its context, in order.

    A parent that is not on the topic is shown as context before its
    sub-points; siblings holding no match are summarised after them, so no
    point reads as a fragment (issue 16: `（三） › 二要…` floated alone).
    """
    shown = [node for node in nodes if holds_match(node, matched)]
    for node in shown:
        if node.point.pk in matched:
            yield Block(Kind.HEADING, node_heading(node), min(level, MAX_HEADING_LEVEL))
            for paragraph in node.point.body_paragraphs():
                yield Block(Kind.TEXT, paragraph)
            yield Block(Kind.LINK, f"见原文：{link(node)}", url=link(node))
        else:
            yield Block(Kind.CONTEXT, f"上级要点：{node_heading(node)}")
        yield from handout_points(
            node.children,
            matched,
            level=level + 1,
            link=link,
            lead="同级另有" if shown_below(node, matched) else "下设",
        )
    others = [node for node in nodes if not holds_match(node, matched)]
    if others:
        yield Block(Kind.CONTEXT, summary(others, lead))
