"""Create, change and delete essays, sections and points, and set topics."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essays.categories import infer_category
from essays.models import Collection, Essay, Point, Section
from essays.services.ordering import Node, delete_and_close_gap, place, siblings_of


def insert(node: Node, position: int | None) -> Node:
    """Save a new `node` last among its siblings, or at `position`."""
    siblings = list(siblings_of(node).select_for_update())
    if position is not None and not 1 <= position <= len(siblings) + 1:
        raise ValidationError(f"position must be between 1 and {len(siblings) + 1}")
    node.position = len(siblings) + 1
    node.full_clean()
    node.save()
    if position is not None and position <= len(siblings):
        place([*siblings[: position - 1], node, *siblings[position - 1 :]])
    return node


@transaction.atomic
def create_essay(collection: Collection, **fields) -> Essay:
    """A new essay, last in its collection."""
    position = (
        collection.essays.order_by("-position").first() or Essay(position=0)
    ).position
    essay = Essay(collection=collection, position=position + 1, **fields)
    if not essay.slug:
        essay.slug = Essay.make_slug(essay.title)
    essay.full_clean()
    essay.save()
    return essay


@transaction.atomic
def create_section(essay: Essay, *, position: int | None = None, **fields) -> Section:
    """A new section of `essay`; its category inferred from the title if not given."""
    section = Section(essay=essay, **fields)
    if "category" not in fields:
        section.category = infer_category(section.title)
    return insert(section, position)


@transaction.atomic
def create_point(
    section: Section,
    *,
    parent: Point | None = None,
    position: int | None = None,
    **fields,
) -> Point:
    """A new point under `section`, or a sub-point under `parent`."""
    if parent is not None and parent.section_id != section.pk:
        raise ValidationError("the parent point belongs to another section")
    point = Point(essay_id=section.essay_id, section=section, parent=parent, **fields)
    return insert(point, position)


@transaction.atomic
def update(instance: Essay | Section | Point, **fields) -> Essay | Section | Point:
    """Change fields of an essay, section or point after validating them."""
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def delete(instance: Essay | Section | Point) -> None:
    """Delete with everything below it; later siblings close the gap."""
    if isinstance(instance, Section | Point):
        essay_id = instance.essay_id
        delete_and_close_gap(instance)
        # The essay's tree changed though no remaining row may have: its
        # Last-Modified must move on.
        Essay.objects.filter(pk=essay_id).update(updated_at=timezone.now())
    else:
        instance.delete()


@transaction.atomic
def set_topics(instance: Essay | Point, names: list[str]) -> list[str]:
    """Replace the topics of an essay or point; new topic names are created."""
    names = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    instance.topics.set(names)
    type(instance).objects.filter(pk=instance.pk).update(updated_at=timezone.now())
    return names
