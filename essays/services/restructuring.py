"""Restructure an essay's tree in one save: move, convert, merge, split, renumber.

The tree page (essays/admin/tree.py) edits a copy of the tree in the browser
and sends the whole target tree back. `apply()` takes the essay's lock,
checks that the page was made from the tree as it is now (`version`), that
every node is accounted for (in the tree once, or merged into a node that
is), that the depth bound holds, and writes the result in one transaction
as one revision. Nothing is retyped: a node that changes level keeps its
label, title and body (a section's title and opening become a point's
title and body, its points become sub-points), so turning five mis-parsed
sections into the points of one section is five moves.

Keys name nodes: `s12` is section 12, `p45` point 45, `n3` a node new on the
page (a split's second half, a new section). A section or point that changes
kind becomes a new row of the other kind (they are two tables); a point
keeps its id, and so its permalink, while it stays a point.

The operations below (`move`, `merge`, `split`, `renumber`) are the rules the
page's script (static/js/tree_editor.js) follows; tests hold them here.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F
from django.utils import timezone

from essays import content_version
from essays.categories import infer_category
from essays.importer.bounds import MAX_NODES, MAX_POINT_DEPTH
from essays.models import (
    LABEL_LENGTH,
    TITLE_LENGTH,
    Essay,
    Point,
    Section,
    TaggedPoint,
    paragraphs,
)
from essays.search import indexing
from essays.services import locks
from essays.services.editing import recorded
from essays.services.labels import NUMERAL, relabel
from essays.services.ordering import PARKING
from essays.services.permissions import require_publisher
from essays.services.recording import Channel

KEY = re.compile(r"^[spn][1-9][0-9]{0,17}$")

# Label styles an editor may give a whole list (the first item's label; the
# numeral is rewritten for each item by labels.relabel).
STYLES = ("一、", "（一）", "1.", "1、", "（1）", "第一，", "一是", "第一部分：")


class TreeRefused(Exception):
    """A target tree that cannot be saved; str() is shown to the editor."""

    code = "invalid_tree"
    status = 400


class StaleTree(TreeRefused):
    """The essay changed after the page was opened: nothing is written."""

    code = "stale_tree"
    status = 409

    def __init__(self) -> None:
        super().__init__(
            "保存失败：打开本页之后，这篇文章的结构已被别人（或另一个窗口）修改。"
            "本次修改未写入任何内容；请记下要做的调整，重新载入页面后再改。"
        )


@dataclass
class Node:
    """A section (at the top) or a point (below) as the page edits it."""

    key: str
    label: str = ""
    number: int | None = None
    title: str = ""
    body: str = ""
    category: str = ""  # a section's; "" becomes the category of its title
    declared_count: int | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.label}{self.title}".strip()[:30] or "（无标题）"


@dataclass
class Outline:
    """An essay's tree: its sections in order, what was merged, the version read."""

    nodes: list[Node]
    version: str = ""
    merged: dict[str, str] = field(default_factory=dict)  # absorbed key -> into

    def walk(self) -> Iterator[tuple[Node, int, Node | None]]:
        """Every node with its depth (sections 0) and parent, in reading order."""
        stack = [(node, 0, None) for node in reversed(self.nodes)]
        while stack:
            node, depth, parent = stack.pop()
            yield node, depth, parent
            stack += [(child, depth + 1, node) for child in reversed(node.children)]

    def siblings(self, parent: str | None) -> list[Node]:
        if parent is None:
            return self.nodes
        return self.find(parent).children

    def find(self, key: str) -> Node:
        for node, _, _ in self.walk():
            if node.key == key:
                return node
        raise TreeRefused(f"找不到条目 {key}。")

    def place_of(self, key: str) -> tuple[list[Node], int]:
        """The list holding `key` and its index there."""
        for node, _, parent in self.walk():
            if node.key == key:
                siblings = parent.children if parent else self.nodes
                return siblings, siblings.index(node)
        raise TreeRefused(f"找不到条目 {key}。")

    def new_key(self) -> str:
        taken = [int(n.key[1:]) for n, _, _ in self.walk() if n.key[0] == "n"]
        return f"n{max(taken, default=0) + 1}"


# --- operations (the page's rules) ---------------------------------------------


def move(outline: Outline, key: str, *, parent: str | None, index: int) -> Node:
    """Put `key` (with its subtree) at `index` under `parent` (None: a section)."""
    node = outline.find(key)
    if parent is not None and any(
        n.key == parent for n, _, _ in Outline([node]).walk()
    ):
        raise TreeRefused(f"不能把“{node.name}”移到它自己的下级里。")
    siblings, at = outline.place_of(key)
    siblings.pop(at)
    target = outline.siblings(parent)
    target.insert(max(0, min(index, len(target))), node)
    return node


def merge(outline: Outline, key: str, *, into: str) -> Node:
    """Join `key` onto `into`: its label and title, then body, become paragraphs
    of `into`'s body and its children follow `into`'s."""
    node, target = outline.find(key), outline.find(into)
    if key == into or any(n.key == into for n, _, _ in Outline([node]).walk()):
        raise TreeRefused(f"不能把“{node.name}”合并到它自己或它的下级里。")
    siblings, at = outline.place_of(key)
    siblings.pop(at)
    head = f"{node.label}{node.title}".strip()
    target.body = "\n".join(p for p in (target.body.strip(), head, node.body) if p)
    target.children += node.children
    for absorbed, kept in outline.merged.items():
        if kept == key:
            outline.merged[absorbed] = into
    if key[0] != "n":  # a row that goes, its content kept in `into`
        outline.merged[key] = into
    return target


def split(outline: Outline, key: str, *, paragraph: int) -> Node:
    """Cut `key` before its body's `paragraph` (from 0): that paragraph titles a
    new node after it, the rest of the body and the children go with it
    (reading order is kept)."""
    node = outline.find(key)
    parts = paragraphs(node.body)
    if not 0 <= paragraph < len(parts):
        raise TreeRefused(f"“{node.name}”的正文没有第 {paragraph + 1} 段。")
    second = Node(
        key=outline.new_key(),
        title=parts[paragraph],
        body="\n".join(parts[paragraph + 1 :]),
        children=node.children,
    )
    node.body, node.children = "\n".join(parts[:paragraph]), []
    siblings, at = outline.place_of(key)
    siblings.insert(at + 1, second)
    return second


def renumber(outline: Outline, parent: str | None, *, style: str = "") -> list[Node]:
    """Labels 1…n for one list, in `style` or the style of its first numbered label."""
    siblings = outline.siblings(parent)
    template = style or next(
        (node.label for node in siblings if NUMERAL.search(node.label)), ""
    )
    if not template:
        raise TreeRefused("这一组条目还没有带数字的编号，请先选一种编号样式。")
    for number, node in enumerate(siblings, 1):
        node.label, node.number = relabel(template, number), number
    return siblings


# --- reading the tree and the page's answer -------------------------------------


def load(essay: Essay) -> Outline:
    """The essay's tree as stored, with its version (two queries)."""
    sections = list(Section.objects.filter(essay=essay).order_by("position"))
    points = list(Point.objects.filter(essay=essay).order_by("position"))
    return outline_of(sections, points)


def outline_of(sections: list[Section], points: list[Point]) -> Outline:
    nodes = {("s", s.pk): section_node(s) for s in sections}
    for point in points:
        nodes[("p", point.pk)] = point_node(point)
    for point in points:  # already in position order within each parent
        parent = ("p", point.parent_id) if point.parent_id else ("s", point.section_id)
        if parent in nodes:
            nodes[parent].children.append(nodes[("p", point.pk)])
    outline = Outline([nodes[("s", s.pk)] for s in sections])
    outline.version = version_of(sections, points)
    return outline


def section_node(section: Section) -> Node:
    return Node(
        key=f"s{section.pk}",
        label=section.label,
        number=section.number,
        title=section.title,
        body=section.body,
        category=section.category,
        declared_count=section.declared_count,
    )


def point_node(point: Point) -> Node:
    return Node(
        key=f"p{point.pk}",
        label=point.label,
        number=point.number,
        title=point.title,
        body=point.body,
    )


def version_of(sections: list[Section], points: list[Point]) -> str:
    """A fingerprint of every row of the tree: any change by anyone moves it."""
    rows = [
        ["s", s.pk, s.position, s.number, s.label, s.title, s.body, s.category]
        + [s.declared_count]
        for s in sections
    ] + [
        ["p", p.pk, p.section_id, p.parent_id, p.position, p.number, p.label]
        + [p.title, p.body]
        for p in points
    ]
    rows.sort(key=lambda row: (row[0], row[1]))
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outline_from_data(data: object) -> Outline:
    """The page's JSON as an Outline; malformed input is refused in Chinese."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise TreeRefused("提交的结构无法识别，请重新载入页面后再试。")
    merged = data.get("merged") or {}
    if not isinstance(merged, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in merged.items()
    ):
        raise TreeRefused("提交的合并记录无法识别，请重新载入页面后再试。")
    outline = Outline([], version=str(data.get("version") or ""), merged=merged)
    count = 0
    queue = deque((item, outline.nodes, 0) for item in data["nodes"])
    while queue:
        item, siblings, depth = queue.popleft()
        count += 1
        if count > MAX_NODES:
            raise TreeRefused(f"一篇文章最多 {MAX_NODES} 个部分和要点。")
        if depth > MAX_POINT_DEPTH:
            raise TreeRefused(too_deep())
        node = node_from_data(item)
        siblings.append(node)
        queue += [(child, node.children, depth + 1) for child in item["children"]]
    return outline


def node_from_data(item: object) -> Node:
    if not isinstance(item, dict) or not isinstance(item.get("children"), list):
        raise TreeRefused("提交的结构中有无法识别的条目。")
    key = item.get("key")
    texts = {name: item.get(name) or "" for name in ("label", "title", "body")}
    numbers = {name: item.get(name) for name in ("number", "declared_count")}
    if not isinstance(key, str) or not KEY.match(key):
        raise TreeRefused("提交的结构中有编号无法识别的条目。")
    if not all(isinstance(text, str) for text in texts.values()) or not all(
        value is None or (type(value) is int and 0 <= value < 2**15)
        for value in numbers.values()
    ):
        raise TreeRefused("提交的结构中有无法识别的编号、标题或正文。")
    category = item.get("category") or ""
    if category not in Section.Category.values and category != "":
        raise TreeRefused("提交的结构中有无法识别的类别。")
    return Node(key=key, category=category, **texts, **numbers)


def too_deep() -> str:
    return (
        f"要点最多 {MAX_POINT_DEPTH} 级（部分之下）；请把最深的条目往上移一级后再保存。"
    )


# --- checking and applying --------------------------------------------------------


@dataclass
class Placed:
    """Where a node of the target tree lands: kind, parent and position."""

    node: Node
    depth: int
    parent: Node | None
    position: int
    section: Node  # the section it ends up under (itself for a section)


def placed(outline: Outline) -> list[Placed]:
    """Every node where it lands, in reading order (without recursion)."""
    result: list[Placed] = []
    stack = [(node, 0, None, i, node) for i, node in numbered(outline.nodes)]
    while stack:
        node, depth, parent, position, section = stack.pop()
        result.append(Placed(node, depth, parent, position, section))
        stack += [
            (child, depth + 1, node, i, section) for i, child in numbered(node.children)
        ]
    return result


def numbered(nodes: list[Node]) -> list[tuple[int, Node]]:
    """(position, node) from the last to the first, for a stack."""
    return list(reversed(list(enumerate(nodes, 1))))


def check(current: Outline, target: Outline) -> list[Placed]:
    """Refuse a target that loses, repeats or invents a node, or is too deep."""
    rows = placed(target)
    keys = Counter(p.node.key for p in rows)
    repeated = [key for key, count in keys.items() if count > 1]
    if repeated:
        raise TreeRefused("提交的结构中有条目出现了不止一次，请重新载入页面后再试。")
    existing = {node.key for node, _, _ in current.walk()}
    unknown = [k for k in [*keys, *target.merged] if k[0] != "n" and k not in existing]
    if unknown:
        raise TreeRefused("提交的结构中有不属于这篇文章的条目，请重新载入页面后再试。")
    for absorbed in target.merged:
        if absorbed in keys or resolve(target, absorbed) not in keys:
            raise TreeRefused("提交的合并记录与结构不符，请重新载入页面后再试。")
    missing = existing - set(keys) - set(target.merged)
    if missing:
        names = "、".join(f"“{current.find(k).name}”" for k in sorted(missing)[:3])
        raise TreeRefused(
            f"新的结构里少了 {len(missing)} 个条目（如{names}），未保存。"
        )
    for row in rows:
        check_fields(row)
    return rows


def resolve(outline: Outline, key: str) -> str:
    """Where an absorbed node's content is now (merges may chain)."""
    seen = set()
    while key in outline.merged and key not in seen:
        seen.add(key)
        key = outline.merged[key]
    return key


def check_fields(row: Placed) -> None:
    node = row.node
    if row.depth > MAX_POINT_DEPTH:
        raise TreeRefused(too_deep())
    if len(node.label) > LABEL_LENGTH:
        raise TreeRefused(f"编号最多 {LABEL_LENGTH} 个字：“{node.label[:20]}…”。")
    if row.depth == 0 and len(node.title) > TITLE_LENGTH:
        raise TreeRefused(
            f"部分的标题最多 {TITLE_LENGTH} 个字：“{node.name}”太长，"
            "请先把它的标题缩短（多出的文字移入正文）。"
        )


@dataclass(frozen=True)
class Outcome:
    """What a save changed, as the revision's comment says it, and the new version."""

    summary: str
    version: str


@locks.atomic_retried
def apply(essay: Essay, target: Outline, *, actor, channel: Channel) -> Outcome:
    """Make the essay's tree `target` in one transaction and one revision."""
    locks.essay(essay.pk, essay.collection_id)
    sections = list(Section.objects.filter(essay=essay).order_by("position"))
    points = list(Point.objects.filter(essay=essay).order_by("position"))
    current = outline_of(sections, points)
    if target.version != current.version:
        raise StaleTree()
    rows = check(current, target)
    summary = describe(current, target, rows)
    removed = removed_rows(current, rows)
    if removed and Essay.objects.filter(pk=essay.pk).published().exists():
        require_publisher(actor, act="在已发布的文章中合并条目或在部分与要点之间转换")
    with recorded(essay.pk, actor=actor, channel=channel, comment=summary):
        write(essay, target, rows, removed, sections, points)
    sections = list(Section.objects.filter(essay=essay).order_by("position"))
    points = list(Point.objects.filter(essay=essay).order_by("position"))
    return Outcome(summary, version_of(sections, points))


def removed_rows(current: Outline, rows: list[Placed]) -> set[str]:
    """Keys of rows that go: merged away, or turned into the other kind."""
    kept = {r.node.key for r in rows if (r.depth == 0) == (r.node.key[0] == "s")}
    return {node.key for node, _, _ in current.walk()} - kept


SECTION_FIELDS = ["position", "label", "number", "title", "body", "category"]
SECTION_FIELDS += ["declared_count"]
POINT_FIELDS = ["section", "parent", "position", "label", "number", "title", "body"]
BATCH = 100  # rows per bulk UPDATE: its CASE grows with the batch squared


def write(essay, target, rows, removed, sections, points) -> None:
    """Rows made, moved, changed and removed as `rows` say (the lock is held)."""
    section_rows = {f"s{s.pk}": s for s in sections}
    point_rows = {f"p{p.pk}": p for p in points}
    # Rows that leave their place, or go, are parked out of the way of
    # positions 1…n first (unique per parent, and SQLite cannot defer the
    # check); rows that keep their place are not touched.
    stored = section_rows.keys() | point_rows.keys()
    moving = [r for r in rows if r.node.key in stored]
    parked = {r.node.key for r in moving if place_changed(r, section_rows, point_rows)}
    parked |= removed
    park(Section.objects.filter(pk__in=ids(parked, "s")))
    park(Point.objects.filter(pk__in=ids(parked, "p")))
    now = timezone.now()  # bulk writes skip auto_now
    made: dict[str, Section | Point] = {}
    for row in (r for r in rows if r.depth == 0 and r.node.key[0] != "s"):
        made[row.node.key] = new_section(essay, row)
    Section.objects.bulk_create(made.values())
    changed_sections = []
    for row in (r for r in rows if r.depth == 0 and r.node.key[0] == "s"):
        section = made[row.node.key] = section_rows[row.node.key]
        if fill(section, section_values(section, row), now):
            changed_sections.append(section)
    Section.objects.bulk_update(
        changed_sections, [*SECTION_FIELDS, "updated_at"], batch_size=BATCH
    )
    changed_points = []
    for depth in range(1, MAX_POINT_DEPTH + 1):
        level = [r for r in rows if r.depth == depth]
        created = []
        for row in (r for r in level if r.node.key[0] != "p"):
            point = made[row.node.key] = Point(essay=essay)
            fill(point, point_values(row, made), now)
            created.append(point)
        Point.objects.bulk_create(created)
        for row in (r for r in level if r.node.key[0] == "p"):
            point = made[row.node.key] = point_rows[row.node.key]
            if fill(point, point_values(row, made), now):
                changed_points.append(point)
    Point.objects.bulk_update(
        changed_points, [*POINT_FIELDS, "updated_at"], batch_size=BATCH
    )
    keep_topics(essay, target, rows, made)
    # Their children have moved away: the cascade takes nothing else.
    Point.objects.filter(pk__in=ids(removed, "p")).delete()
    Section.objects.filter(pk__in=ids(removed, "s")).delete()
    Essay.objects.filter(pk=essay.pk).update(updated_at=now)
    # Bulk writes send no signals. Inside the essay only: a topic that moved
    # to another holder counted a change of structure through its signal.
    content_version.bump(essays=[essay.pk])
    indexing.index_essays([essay.pk])  # nor does the search index hear them


def ids(keys: set[str], kind: str) -> list[int]:
    return [int(key[1:]) for key in keys if key[0] == kind]


def park(rows) -> None:
    rows.update(position=F("position") + PARKING)


def place_changed(row: Placed, section_rows: dict, point_rows: dict) -> bool:
    """Whether a stored row lands elsewhere: another kind, parent or position."""
    key = row.node.key
    if key[0] == "s":
        return row.depth != 0 or section_rows[key].position != row.position
    point = point_rows[key]
    old_parent = f"p{point.parent_id}" if point.parent_id else None
    new_parent = row.parent.key if row.depth > 1 else None
    return row.depth == 0 or (
        f"s{point.section_id}",
        old_parent,
        point.position,
    ) != (row.section.key, new_parent, row.position)


def fill(row, values: dict, now) -> bool:
    """Set `values` on `row`; whether any differed (then `updated_at` moves).

    Foreign keys are compared by id: reading `point.section` would be a query.
    """
    changed = False
    for name, value in values.items():
        before = getattr(row, row._meta.get_field(name).attname)
        after = value.pk if isinstance(value, models.Model) else value
        changed = changed or before != after
        setattr(row, name, value)
    if changed:
        row.updated_at = now
    return changed


def new_section(essay: Essay, row: Placed) -> Section:
    node = row.node
    return Section(
        essay=essay,
        position=row.position,
        label=node.label,
        number=node.number,
        title=node.title,
        body=node.body,
        category=node.category or infer_category(node.title),
        declared_count=node.declared_count,
    )


def section_values(section: Section, row: Placed) -> dict:
    node = row.node
    return {
        "position": row.position,
        "label": node.label,
        "number": node.number,
        "title": node.title,
        "body": node.body,
        "category": node.category or section.category,
        "declared_count": node.declared_count,
    }


def point_values(row: Placed, made: dict) -> dict:
    node = row.node
    return {
        "section": made[row.section.key],
        "parent": made[row.parent.key] if row.depth > 1 else None,
        "position": row.position,
        "label": node.label,
        "number": node.number,
        "title": node.title,
        "body": node.body,
    }


def keep_topics(essay, target: Outline, rows: list[Placed], made: dict) -> None:
    """Topics of points that go stay: on the point they merged into, else the essay."""
    going = {r.node.key for r in rows if r.depth == 0 and r.node.key[0] == "p"} | {
        k for k in target.merged if k[0] == "p"
    }
    tags = TaggedPoint.objects.filter(
        content_object_id__in=[int(k[1:]) for k in going]
    ).select_related("tag")
    for tagged in tags:
        key = resolve(target, f"p{tagged.content_object_id}")
        holder = made.get(key)
        if isinstance(holder, Point):
            holder.topics.add(tagged.tag)
        else:
            essay.topics.add(tagged.tag)


def describe(current: Outline, target: Outline, rows: list[Placed]) -> str:
    """The revision's comment: what kinds of change this save made, counted."""
    before = {r.node.key: r for r in placed(current)}
    counts: Counter[str] = Counter()
    for row in rows:
        old = before.get(row.node.key)
        if old is None:
            counts["新增"] += 1
            continue
        if (old.depth == 0) != (row.depth == 0):
            counts["部分改为要点" if old.depth == 0 else "要点改为部分"] += 1
        elif (old.parent and old.parent.key) != (row.parent and row.parent.key) or (
            old.position != row.position
        ):
            counts["调整位置"] += 1
        if old.node.label != row.node.label:
            counts["改编号"] += 1
        if old.node.title != row.node.title:
            counts["改标题"] += 1
    counts["合并"] = len(target.merged)
    parts = [f"{name} {count} 处" for name, count in counts.items() if count]
    return "结构编辑：" + ("，".join(parts) if parts else "没有改动")
