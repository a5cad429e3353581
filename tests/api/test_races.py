"""Concurrent writers over real HTTP: they queue and succeed (issue 12, 14.4).

8 clients × 10 rounds of each race against a live server, on PostgreSQL and
on SQLite: no 5xx, only the documented statuses, positions 1…n afterwards.
On SQLite's in-memory test database the live server's threads share one
connection, so there the server answers one request at a time (SQLite
serialises writers anyway); the clients still race.
"""

import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection, connections

from essays.models import Collection, Essay, Point, Section
from essays.services import locks
from tests.api.conftest import CONTENT, make_token
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS, ROUNDS = 8, 10
DOCUMENT = (SAMPLES / "luntan-kangxi-tihui.txt").read_text(encoding="utf-8")


@pytest.fixture
def server(live_server, settings, monkeypatch):
    """The live server's URL, throttles raised, one request at a time on SQLite."""
    settings.API_TOKEN_RATE = "100000/min"
    settings.API_ANON_RATE = "100000/min"
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        one_at_a_time = threading.Lock()
        handle = ThreadedWSGIServer.process_request_thread

        def serialised(self, request, client_address):
            with one_at_a_time:
                handle(self, request, client_address)

        monkeypatch.setattr(ThreadedWSGIServer, "process_request_thread", serialised)
    return live_server.url + "/api/v1"


@pytest.fixture
def token(db) -> str:
    return make_token("racer", [*CONTENT, "add_collection"])


def call(url: str, method: str, body=None, token: str = "") -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else {}


def race(requests) -> list[tuple[int, dict]]:
    """Run `requests` (callables) at once, CLIENTS at a time, for ROUNDS rounds."""
    answers = []
    with ThreadPoolExecutor(CLIENTS) as pool:
        for round_ in range(ROUNDS):
            start = threading.Barrier(CLIENTS)

            def go(client, round_=round_, start=start):
                start.wait()
                return requests(client, round_)

            answers += list(pool.map(go, range(CLIENTS)))
    for status, body in answers:
        assert status < 500, body
        if status >= 400:
            assert isinstance(body["detail"], str) and body["code"].isascii(), body
            assert "unique" not in body["detail"], body  # no constraint names
    return answers


def statuses(answers) -> Counter:
    return Counter(status for status, _ in answers)


def assert_no_gaps(queryset) -> None:
    positions = sorted(queryset.values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


def make_tree(points: int = 5) -> tuple[Collection, Essay, Section]:
    collection = Collection.objects.create(title="竞争测试", sha256="0" * 64)
    essay = Essay.objects.create(
        collection=collection, title="竞争测试文章", position=1, slug="race"
    )
    section = Section.objects.create(essay=essay, title="第一部分", position=1)
    for position in range(1, points + 1):
        Point.objects.create(
            essay=essay, section=section, title=f"要点{position}", position=position
        )
    return collection, essay, section


def test_reordering_one_section(server, token):
    _, _, section = make_tree()
    ids = list(Point.objects.filter(section=section).values_list("pk", flat=True))
    url = f"{server}/sections/{section.pk}/points/order"

    def reorder(client, round_):
        order = random.sample(ids, len(ids))
        return call(url, "PUT", {"ids": order}, token)

    answers = race(reorder)
    assert statuses(answers) == {200: CLIENTS * ROUNDS}
    assert_no_gaps(Point.objects.filter(section=section, parent=None))


def test_adding_points_to_one_section(server, token):
    _, _, section = make_tree()
    url = f"{server}/sections/{section.pk}/points"

    def add(client, round_):
        # One client inserts in the middle (later siblings move down), the
        # others append.
        position = {"position": 2} if client == 0 else {}
        return call(
            url, "POST", {"title": f"新要点{client}-{round_}", **position}, token
        )

    answers = race(add)
    assert statuses(answers) == {201: CLIENTS * ROUNDS}
    points = Point.objects.filter(section=section, parent=None)
    assert points.count() == 5 + CLIENTS * ROUNDS
    assert_no_gaps(points)


def test_creating_essays_in_one_collection(server, token):
    collection, _, _ = make_tree()

    def create(client, round_):
        body = {"collection": collection.pk, "title": "同一个标题"}
        return call(f"{server}/essays", "POST", body, token)

    answers = race(create)
    assert statuses(answers) == {201: CLIENTS * ROUNDS}
    essays = Essay.objects.filter(collection=collection)
    assert essays.count() == 1 + CLIENTS * ROUNDS
    assert essays.values("slug").distinct().count() == essays.count()
    assert_no_gaps(essays)


def version(round_: int, variant: int = 0) -> str:
    """The sample document retitled for a round; variants differ in bytes only."""
    text = DOCUMENT.replace("(示例)", f"(示例{round_})", 1)
    return text + f"\n第{variant}版补充说明。\n" if variant else text


def test_importing_the_same_bytes(server, token):
    def post(client, round_):
        return call(f"{server}/imports", "POST", {"text": version(round_)}, token)

    answers = race(post)
    assert statuses(answers) == {201: ROUNDS, 200: (CLIENTS - 1) * ROUNDS}
    assert {body["status"] for status, body in answers if status == 200} == {
        "unchanged"
    }
    assert Collection.objects.count() == ROUNDS


def test_importing_two_versions(server, token):
    def post(client, round_):
        body = {"text": version(round_, variant=client + 1)}
        return call(f"{server}/imports", "POST", body, token)

    answers = race(post)
    assert statuses(answers) == {201: ROUNDS, 409: (CLIENTS - 1) * ROUNDS}
    assert {body["code"] for status, body in answers if status == 409} == {
        "changed_document"
    }
    assert Collection.objects.count() == ROUNDS
    for collection in Collection.objects.all():
        assert_no_gaps(collection.essays.all())


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises all writers"
)
def test_an_edit_during_an_import_is_refused_at_once(server, token):
    collection, essay, section = make_tree()
    holding, release = threading.Event(), threading.Event()

    def running_import():
        # What store_document() holds while it replaces the collection.
        from django.db import transaction

        try:
            with transaction.atomic():
                locks.importing(collection.pk)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    importer = threading.Thread(target=running_import)
    importer.start()
    try:
        assert holding.wait(10)
        began = time.monotonic()
        answers = [
            call(f"{server}/essays/{essay.slug}", "PATCH", {"title": "改"}, token),
            call(
                f"{server}/sections/{section.pk}/points", "POST", {"title": "新"}, token
            ),
            call(
                f"{server}/essays",
                "POST",
                {"collection": collection.pk, "title": "新文章"},
                token,
            ),
        ]
        assert time.monotonic() - began < 5  # answered, not queued behind the import
    finally:
        release.set()
        importer.join()
    for status, body in answers:
        assert (status, body["code"]) == (409, "import_in_progress")
    # Afterwards the same edit goes through.
    status, _ = call(f"{server}/essays/{essay.slug}", "PATCH", {"title": "改"}, token)
    assert status == 200


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises all writers"
)
def test_a_write_does_not_wait_for_an_import_of_another_document(server, token):
    """The content-version row is not held by a running import (issue 14, 4)."""
    from essays import content_version

    _, essay, _ = make_tree()
    holding, release = threading.Event(), threading.Event()

    def running_import():
        from django.db import transaction

        try:
            with transaction.atomic():
                content_version.bump()  # what every import does early on
                Collection.objects.create(title="另一个", sha256="1" * 64)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    importer = threading.Thread(target=running_import)
    importer.start()
    try:
        assert holding.wait(10)
        began = time.monotonic()
        status, _ = call(
            f"{server}/essays/{essay.slug}", "PATCH", {"title": "改"}, token
        )
        assert time.monotonic() - began < 5
    finally:
        release.set()
        importer.join()
    assert status == 200


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises all writers"
)
def test_two_writes_with_one_etag_cannot_both_win(server, token):
    """If-Match is compared under the write's lock: the second writer gets 412.

    Both writers are held behind the essay's lock until both wait for it;
    were the ETag compared before the lock, both would pass and both write.
    """
    _, essay, _ = make_tree()
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.PUBLISHED)
    request = urllib.request.Request(f"{server}/essays/{essay.slug}")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        etag = response.headers["ETag"]
    holding, release = threading.Event(), threading.Event()

    def editor_holding_the_essay():
        from django.db import transaction

        try:
            with transaction.atomic():
                locks.essay(essay.pk)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    def patch(author: str) -> tuple[int, dict]:
        body = json.dumps({"author": author}).encode()
        request = urllib.request.Request(
            f"{server}/essays/{essay.slug}", data=body, method="PATCH"
        )
        request.add_header("Content-Type", "application/json")
        request.add_header("Authorization", f"Bearer {token}")
        request.add_header("If-Match", etag)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    holder = threading.Thread(target=editor_holding_the_essay)
    holder.start()
    try:
        assert holding.wait(10)
        with ThreadPoolExecutor(2) as pool:
            answers = [pool.submit(patch, author) for author in ("甲", "乙")]
            waiting = 0
            for _ in range(200):  # until both writers wait for the essay's lock
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_locks"
                        " WHERE locktype = 'advisory' AND NOT granted"
                    )
                    (waiting,) = cursor.fetchone()
                if waiting == 2:
                    break
                time.sleep(0.05)
            assert waiting == 2
            release.set()
            results = [answer.result() for answer in answers]
    finally:
        release.set()
        holder.join()
    assert sorted(status for status, _ in results) == [200, 412]
    (won,) = [body["author"] for status, body in results if status == 200]
    assert Essay.objects.get(pk=essay.pk).author == won
