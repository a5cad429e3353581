"""Positions for rows added or removed outside the ordering service (admin inlines)."""

from django.db.models import Max

from essays.models import Essay, Point, Section
from essays.services.ordering import Node, place, siblings_of


def next_position(node: Node) -> int:
    """The position after the last of `node`'s siblings."""
    last = siblings_of(node).exclude(pk=node.pk).aggregate(last=Max("position"))
    return (last["last"] or 0) + 1


def close_gaps(essay: Essay) -> int:
    """Positions 1…n again in every list of `essay`'s tree; returns lists fixed."""
    groups: dict[tuple, list[Node]] = {}
    for section in Section.objects.filter(essay=essay).order_by("position"):
        groups.setdefault(("essay", essay.pk), []).append(section)
    for point in Point.objects.filter(essay=essay).order_by("position"):
        key = (
            ("point", point.parent_id)
            if point.parent_id
            else ("section", point.section_id)
        )
        groups.setdefault(key, []).append(point)
    fixed = 0
    for siblings in groups.values():
        if [node.position for node in siblings] != list(range(1, len(siblings) + 1)):
            place(siblings)
            fixed += 1
    return fixed
