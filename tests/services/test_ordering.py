"""Moving and reordering keep positions unique and can relabel."""

import pytest
from django.core.exceptions import ValidationError

from essays.models import Collection, Essay, Point, Section
from essays.services import editing, ordering, publishing, topics
from essays.services.recording import COMMAND

AS = {"actor": None, "channel": COMMAND}  # the machine's operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def section() -> Section:
    collection = Collection.objects.create(title="汇编", sha256="c" * 64)
    essay = Essay.objects.create(collection=collection, position=1, title="文章")
    section = Section.objects.create(
        essay=essay, position=1, label="一、", title="建议"
    )
    for number, label in enumerate(["第一,", "第二,", "第三,"], 1):
        Point.objects.create(
            essay=essay,
            section=section,
            position=number,
            number=number,
            label=label,
            title=f"要点{number}",
        )
    return section


def titles(section: Section) -> list[str]:
    return list(section.points.order_by("position").values_list("title", flat=True))


def test_move_puts_a_point_in_place_and_keeps_positions_unique(section):
    third = section.points.get(position=3)
    ordering.move(third, position=1, **AS)
    assert titles(section) == ["要点3", "要点1", "要点2"]
    assert list(
        section.points.order_by("position").values_list("position", flat=True)
    ) == [
        1,
        2,
        3,
    ]


def test_move_with_renumber_relabels_in_the_list_style(section):
    ordering.move(section.points.get(position=3), position=1, renumber=True, **AS)
    labels = list(section.points.order_by("position").values_list("label", "title"))
    assert labels == [("第一,", "要点3"), ("第二,", "要点1"), ("第三,", "要点2")]


def test_reorder_needs_every_sibling_once(section):
    ids = list(section.points.order_by("position").values_list("id", flat=True))
    with pytest.raises(ValidationError):
        ordering.reorder(section.points.first(), ids=ids[:2], **AS)
    ordering.reorder(section.points.first(), ids=list(reversed(ids)), **AS)
    assert titles(section) == ["要点3", "要点2", "要点1"]


def test_move_outside_the_list_is_refused(section):
    with pytest.raises(ValidationError):
        ordering.move(section.points.first(), position=4, **AS)


def test_deleting_a_point_closes_the_gap(section):
    editing.delete(section.points.get(position=1), **AS)
    assert list(
        section.points.values_list("position", flat=True).order_by("position")
    ) == [
        1,
        2,
    ]


def test_creating_at_a_position_shifts_the_others(section):
    editing.create_point(
        section, position=2, title="新要点", label="第二,", number=2, **AS
    )
    assert titles(section) == ["要点1", "新要点", "要点2", "要点3"]


def test_sub_points_must_share_their_parents_section(section):
    other = Section.objects.create(essay=section.essay, position=2, title="另一部分")
    with pytest.raises(ValidationError):
        editing.create_point(other, parent=section.points.first(), title="错位", **AS)


def test_new_sections_get_a_category_from_their_title(section):
    created = editing.create_section(section.essay, title="存在的主要问题", **AS)
    assert (created.position, created.category) == (2, "problems")


def test_publish_and_unpublish_report_what_changed(section):
    essay = section.essay
    assert publishing.publish_essays([essay], **AS) == [essay]
    assert publishing.publish_essays([essay], **AS) == []
    essay.refresh_from_db()
    assert essay.is_published and essay.published_at
    assert publishing.unpublish_essays([essay], **AS) == [essay]
    essay.refresh_from_db()
    assert essay.status == "draft"


def test_set_topics_replaces_them(section):
    point = section.points.first()
    topics.set_topics(point, ["统战工作", " 群众工作 ", ""], **AS)
    topics.set_topics(point, ["群众工作"], **AS)
    assert list(point.topics.names()) == ["群众工作"]
