"""Bounds at the site's edges (issue 14.2): huge imports refused, big deletes cheap.

The repetition file (160,000 lines of `一、做好统战工作。`, 4.5 MB) once made
163,334 rows in 159 s; deleting them through the ORM ran over twenty minutes.
"""

import json
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essays import content_version
from essays.duplicates.index import remember_collection
from essays.duplicates.models import EssayFingerprint, FingerprintBand
from essays.models import (
    AuditEntry,
    Collection,
    Essay,
    ImportUpload,
    Point,
    Section,
    TaggedPoint,
    Topic,
)
from essays.search import indexing
from essays.search.models import Entry
from essays.services import deleting
from essays.services.recording import COMMAND
from essays.tokens import create_token
from tests.admin.conftest import logged_in, member

pytestmark = pytest.mark.django_db

REPETITION = "一、做好统战工作。\n" * 160_000


def test_the_repetition_file_is_about_four_and_a_half_megabytes():
    assert 4_400_000 < len(REPETITION.encode()) < 5 * 1024 * 1024


def test_the_command_refuses_the_repetition_file_and_stores_nothing(capsys, tmp_path):
    path = tmp_path / "重复.txt"
    path.write_text(REPETITION, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(SystemExit) as exit:
        call_command("import_essays", str(path))
    print(f"command refusal: {time.perf_counter() - started:.2f} s")
    assert exit.value.code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "重复.txt" in err and "超过" in err
    assert not Collection.objects.exists() and not Point.objects.exists()


def test_the_api_refuses_the_repetition_file_with_a_chinese_detail(client):
    _, token = create_token(
        member("editor2", "editor"), name="脚本", scope="read-write"
    )
    started = time.perf_counter()
    response = client.post(
        "/api/v1/imports",
        data=json.dumps({"text": REPETITION, "filename": "重复.txt"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    print(f"API refusal: {time.perf_counter() - started:.2f} s")
    assert response.status_code == 422
    assert "超过" in response.json()["detail"]
    assert not Collection.objects.exists() and not Point.objects.exists()


def build_collection(points: int, *, essays: int = 3) -> Collection:
    """A published collection of `essays` essays, 10 sections each, `points` points.

    Every point is tagged, indexed for search and fingerprinted, written in
    bulk (no signals), as the writer stores an import.
    """
    collection = Collection.objects.create(title="大汇编", sha256=f"{points:064d}")
    rows = Essay.objects.bulk_create(
        Essay(
            collection=collection,
            position=n,
            title=f"第{n}篇",
            slug=f"essay-{points}-{n}",
            status=Essay.Status.PUBLISHED,
        )
        for n in range(1, essays + 1)
    )
    sections = Section.objects.bulk_create(
        Section(essay=essay, position=n, title=f"部分{n}")
        for essay in rows
        for n in range(1, 11)
    )
    count = len(sections)
    rows = Point.objects.bulk_create(
        Point(
            essay=sections[n % count].essay,
            section=sections[n % count],
            position=n // count + 1,
            title=f"做好统战工作{n}。",
            body="团结一切可以团结的力量。",
        )
        for n in range(points)
    )
    topic, _ = Topic.objects.get_or_create(name="统战工作", slug="tongzhan")
    TaggedPoint.objects.bulk_create(
        TaggedPoint(content_object=point, tag=topic) for point in rows
    )
    indexing.index_collection(collection)
    remember_collection(collection)
    ImportUpload.objects.create(
        filename="大汇编.txt", raw=b"", sha256="0" * 64, size=0, collection=collection
    )
    return collection


def queries_to_delete(points: int) -> int:
    collection = build_collection(points)
    # Content types are cached per process: a cold cache (this test run
    # alone) would add a query to the first delete only.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(Collection, Essay)
    with CaptureQueriesContext(connection) as queries:
        deleting.delete_collection(collection, actor=None, channel=COMMAND)
    return len(queries)


def test_deleting_a_large_collection_takes_a_fixed_number_of_queries():
    small = queries_to_delete(30)
    started = time.perf_counter()
    large = queries_to_delete(3_000)
    print(f"delete of 3,000 points: {time.perf_counter() - started:.2f} s")
    assert large == small <= 25


def test_deleting_a_collection_removes_every_row_that_refers_to_it():
    collection = build_collection(300)
    assert Entry.objects.exists() and EssayFingerprint.objects.exists()
    before = content_version.current()
    deleted = deleting.delete_collection(collection, actor=None, channel=COMMAND)
    assert (deleted.essays, deleted.sections, deleted.points) == (3, 30, 300)
    for model in (Collection, Essay, Section, Point, TaggedPoint, Entry):
        assert not model.objects.exists(), model
    assert not EssayFingerprint.objects.exists()
    assert not FingerprintBand.objects.exists()
    assert ImportUpload.objects.get().collection is None
    assert Topic.objects.filter(name="统战工作").exists()  # topics are shared
    assert content_version.current() == before + 1
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.channel == COMMAND.kind and "大汇编" in entry.target
    assert "300 个要点" in entry.detail


def test_the_admin_deletes_a_large_collection_in_bulk():
    collection = build_collection(3_000)
    client = logged_in(member("publisher1", "publisher"))
    url = reverse("admin:essays_collection_delete", args=[collection.pk])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200 and len(queries) < 40
    assert "3,000" in page.content.decode() or "3000" in page.content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302 and len(queries) < 60
    assert not Point.objects.exists() and not Collection.objects.exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.actor.username == "publisher1" and entry.channel == "admin"


def test_an_editor_cannot_delete_a_collection_with_published_essays():
    collection = build_collection(30)
    client = logged_in(member("editor1", "editor"))
    url = reverse("admin:essays_collection_delete", args=[collection.pk])
    assert "需要发布权限" in client.get(url).content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Point.objects.count() == 30


def queries_to_delete_by_api(client, token: str, points: int) -> int:
    essay = build_collection(points, essays=1).essays.get()
    with CaptureQueriesContext(connection) as queries:
        response = client.delete(
            f"/api/v1/essays/{essay.slug}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    assert response.status_code == 204
    assert not Point.objects.filter(essay_id=essay.pk).exists()
    assert not Entry.objects.filter(essay_id=essay.pk).exists()
    return len(queries)


def test_the_api_deletes_a_large_essay_in_a_fixed_number_of_queries(client):
    publisher = member("publisher2", "publisher")
    _, token = create_token(publisher, name="脚本", scope="read-write")
    small = queries_to_delete_by_api(client, token, 30)
    assert queries_to_delete_by_api(client, token, 3_000) <= small < 40
