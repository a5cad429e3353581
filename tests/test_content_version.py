"""Every kind of write moves the content version the API's read cache keys on;
a write inside one essay moves that essay's counter and not the structure."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from essays import content_version
from essays.models import Essay, Point, Topic
from essays.services import editing, ordering, publishing
from essays.services.recording import COMMAND
from essays.writer import store_document
from tests.conftest import BUNDLED, parsed_document

pytestmark = pytest.mark.django_db


def moved(action) -> bool:
    before = content_version.current()
    action()
    return content_version.current() > before


def test_an_import_moves_it():
    assert moved(lambda: store_document(parsed_document(BUNDLED)))


def test_saves_deletes_topics_and_moves_move_it(imported_corpus):
    essay = Essay.objects.get(position=1)
    point = Point.objects.filter(essay=essay, parent=None).first()

    def retitle():
        point.title = "新的标题。"
        point.save()

    assert moved(retitle)
    assert moved(lambda: point.topics.add("新主题"))
    topic = Topic.objects.get(name="新主题")

    def rename():
        topic.name = "改名的主题"
        topic.save()

    assert moved(rename)
    assert moved(lambda: ordering.move(point, position=2, actor=None, channel=COMMAND))
    assert moved(lambda: point.delete())
    assert moved(lambda: essay.collection.delete())


def counters(essay: Essay) -> tuple[int, int, int]:
    version, structure = content_version.versions()
    return version, structure, content_version.essay_versions([essay.pk])[essay.pk]


def change(essay: Essay, action) -> tuple[int, int, int]:
    """How far each counter moved: content, structure, the essay's own."""
    before = counters(essay)
    action()
    return tuple(a - b for a, b in zip(counters(essay), before, strict=True))


def test_a_write_inside_an_essay_moves_its_counter_only(imported_corpus):
    essay, other = Essay.objects.order_by("position")[:2]
    point = Point.objects.filter(essay=essay).first()
    untouched = content_version.essay_versions([other.pk])

    def retitle(instance, title):
        return lambda: editing.update(
            instance, actor=None, channel=COMMAND, title=title
        )

    assert change(essay, retitle(point, "改过的要点")) == (1, 0, 1)
    assert change(essay, retitle(point.section, "改过的部分")) == (1, 0, 1)
    assert change(essay, retitle(essay, "改过的文章")) == (1, 0, 1)
    assert change(essay, lambda: ordering.move(
        point, position=2, actor=None, channel=COMMAND
    )) == (1, 0, 1)  # fmt: skip
    untagged = Point.objects.filter(essay=essay, topics__isnull=True).last()
    assert change(essay, lambda: untagged.delete()) == (1, 0, 1)
    # A tagged point leaves its topics' lists too: their tags go with it.
    assert change(essay, lambda: point.delete())[1] >= 1
    assert content_version.essay_versions([other.pk]) == untouched


def test_what_other_pages_show_moves_the_structure(imported_corpus):
    essay = Essay.objects.order_by("position").first()
    point = Point.objects.filter(essay=essay).first()
    admin = get_user_model().objects.create_superuser("chief")

    def unpublish():
        publishing.unpublish_essays([essay], actor=admin, channel=COMMAND)

    def reslug():
        essay.slug = "xin-de-lu-jing"
        essay.save()

    for action in (
        unpublish,
        reslug,
        lambda: point.topics.add("又一个主题"),
        lambda: essay.collection.save(),
    ):
        moved_by = change(essay, action)
        assert moved_by[1] >= 1, action


@pytest.mark.django_db(transaction=True)
def test_one_transaction_counts_once_at_its_commit(imported_corpus):
    essays = list(Essay.objects.order_by("position")[:2])
    before = content_version.versions()
    mine = content_version.essay_versions(e.pk for e in essays)
    with transaction.atomic():
        for essay in essays:
            content_version.bump(essays=[essay.pk])
        content_version.bump(essays=[essays[0].pk])
    after = content_version.versions()
    assert after[0] == before[0] + 1 and after[1] == before[1]
    now = content_version.essay_versions(e.pk for e in essays)
    assert [now[e.pk] - mine[e.pk] for e in essays] == [1, 1]
