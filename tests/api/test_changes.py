"""GET /changes: a mirror follows creations, edits and deletions by cursor."""

import json

import pytest

from essays.models import Essay, Point
from tests.conftest import BUNDLED

pytestmark = pytest.mark.django_db

API = "/api/v1"


def send(client, method: str, path: str, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    response = client.generic(
        method.upper(), f"{API}{path}", data, content_type="application/json", **headers
    )
    assert response.status_code < 300, response.content
    return response


@pytest.fixture
def imported(client, publisher) -> str:
    """The reference document imported (published) through the API."""
    body = {"text": BUNDLED.read_text(encoding="utf-8"), "publish": True}
    send(client, "post", "/imports", body, **publisher)
    return "r0"


def feed(client, since: str, **params) -> dict:
    response = client.get(f"{API}/changes", {"since": since, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_an_import_shows_as_created(client, imported):
    page = feed(client, imported)
    kinds = {(item["type"], item["action"]) for item in page["items"]}
    assert kinds == {("essay", "created"), ("section", "created"), ("point", "created")}
    assert sum(item["type"] == "essay" for item in page["items"]) == 5


def test_edits_and_deletions_follow_the_cursor(client, imported, publisher):
    start = feed(client, imported)["cursor"]
    essay = Essay.objects.get(position=1)
    point, doomed = Point.objects.filter(essay=essay, parent=None)[:2]
    send(client, "patch", f"/points/{point.pk}", {"title": "改过的要点"}, **publisher)
    send(client, "delete", f"/points/{doomed.pk}", **publisher)
    gone = Essay.objects.get(position=2)
    send(client, "delete", f"/essays/{gone.slug}", **publisher)

    page = feed(client, start)
    entries = {(i["type"], i["id"], i["action"]) for i in page["items"]}
    assert ("point", point.pk, "updated") in entries
    assert ("point", doomed.pk, "deleted") in entries
    assert ("essay", gone.pk, "deleted") in entries
    deleted_essay = next(
        i for i in page["items"] if i["type"] == "essay" and i["id"] == gone.pk
    )
    assert deleted_essay["essay"] == gone.slug
    # Nothing new after the last cursor.
    assert feed(client, page["cursor"])["items"] == []


def test_pages_by_cursor_with_a_link(client, imported, publisher):
    essay = Essay.objects.get(position=1)
    for n in range(3):
        send(
            client, "patch", f"/essays/{essay.slug}", {"author": f"某{n}"}, **publisher
        )
    first = client.get(f"{API}/changes", {"since": imported, "limit": 2})
    assert first.json()["more"] is True
    assert 'rel="next"' in first["Link"]
    seen = []
    since = imported
    while True:
        page = feed(client, since, limit=2)
        seen += page["items"]
        since = page["cursor"]
        if not page["more"]:
            break
    authors = [i for i in seen if i["type"] == "essay" and i["action"] == "updated"]
    assert len(authors) == 3


def test_since_takes_a_time(client, imported):
    assert feed(client, "2000-01-01T00:00:00Z")["items"]
    assert feed(client, "2999-01-01T00:00:00")["items"] == []
    bad = client.get(f"{API}/changes", {"since": "yesterday"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "since"]


def test_readers_see_a_withdrawal_but_not_drafts_change(client, imported, publisher):
    start = feed(client, imported)["cursor"]
    essay = Essay.objects.get(position=3)
    send(client, "post", f"/essays/{essay.slug}/unpublish", **publisher)
    send(client, "patch", f"/essays/{essay.slug}", {"author": "草稿作者"}, **publisher)
    public = feed(client, start)["items"]
    assert [(i["type"], i["id"], i["action"]) for i in public] == [
        ("essay", essay.pk, "deleted")
    ]
    refused = client.get(f"{API}/changes", {"since": start, "include_drafts": "true"})
    assert refused.status_code == 403
    mine = client.get(
        f"{API}/changes", {"since": start, "include_drafts": "true"}, **publisher
    ).json()
    assert [i["action"] for i in mine["items"]] == ["updated", "updated"]


def test_deleting_a_collection_needs_a_publisher_and_shows_in_the_feed(
    client, imported, editor, publisher
):
    from essays.models import Collection

    collection = Collection.objects.get()
    start = feed(client, imported)["cursor"]
    refused = client.delete(f"{API}/collections/{collection.pk}", **editor)
    assert refused.status_code == 403
    assert refused.json()["code"] == "publish_permission_required"
    send(client, "delete", f"/collections/{collection.pk}", **publisher)
    assert not Collection.objects.exists() and not Essay.objects.exists()
    gone = {(i["type"], i["action"]) for i in feed(client, start)["items"]}
    assert gone == {("essay", "deleted")}


def test_a_collection_emptied_of_essays_is_restored_by_reimporting(
    client, imported, publisher
):
    for essay in Essay.objects.all():
        send(client, "delete", f"/essays/{essay.slug}", **publisher)
    body = {"text": BUNDLED.read_text(encoding="utf-8"), "publish": True}
    again = send(client, "post", "/imports", body, **publisher)
    assert again.status_code == 201
    assert again.json()["essays"] == 5
    assert Essay.objects.published().count() == 5
    unchanged = send(client, "post", "/imports", body, **publisher)
    assert unchanged.json()["status"] == "unchanged"


def test_a_collection_deleted_in_the_admin_shows_in_the_feed(
    client, admin_client, imported
):
    from essays.models import Collection

    collection = Collection.objects.get()
    start = feed(client, imported)["cursor"]
    response = admin_client.post(
        f"/admin/essays/collection/{collection.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Collection.objects.exists() and not Essay.objects.exists()
    gone = {(i["type"], i["action"]) for i in feed(client, start)["items"]}
    assert gone == {("essay", "deleted")}
