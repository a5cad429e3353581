"""Every kind of write moves the content version the API's read cache keys on."""

import pytest

from essays import content_version
from essays.models import Essay, Point, Topic
from essays.services import ordering
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
