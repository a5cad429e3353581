"""POST /imports names stored near-duplicates and obeys `on_duplicate`."""

import json

import pytest

from essays.models import Essay
from tests.admin.documents import COMMUNITY
from tests.conftest import BUNDLED, store
from tests.duplicates.remake import remade_reference

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports"
REMADE = remade_reference(BUNDLED.read_text(encoding="utf-8"))


@pytest.fixture
def reference(db):
    return store(BUNDLED).collection


def post(client, auth, text=REMADE, **fields):
    body = {"text": text, "filename": "fanwen.txt", **fields}
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", **auth
    )


def test_by_default_duplicates_are_imported_as_new_and_named(client, editor, reference):
    response = post(client, editor)
    assert response.status_code == 201
    answer = response.json()
    assert answer["essays"] == 5
    assert [item["essay"] for item in answer["duplicates"]] == [1, 2, 3, 4, 5]
    first = answer["duplicates"][0]
    assert first["action"] == "new"
    match = first["matches"][0]
    assert match["essay_id"] in set(reference.essays.values_list("pk", flat=True))
    assert match["similarity"] >= 0.8
    assert match["admin_url"].startswith("/admin/essays/essay/")
    assert sum("已收录的" in warning for warning in answer["warnings"]) == 5


def test_skip_stores_none_of_them(client, editor, reference):
    response = post(client, editor, on_duplicate="skip")
    assert response.status_code == 201
    assert response.json()["essays"] == 0
    assert {item["action"] for item in response.json()["duplicates"]} == {"skip"}
    assert Essay.objects.count() == 5


def test_replace_writes_over_the_stored_essays(client, publisher, reference):
    response = post(client, publisher, on_duplicate="replace")
    assert response.status_code == 201
    answer = response.json()
    replaced = {item["replaced_essay"] for item in answer["duplicates"]}
    assert replaced == set(reference.essays.values_list("pk", flat=True))
    assert Essay.objects.count() == 5


def test_replacing_published_essays_needs_the_publish_permission(
    client, editor, reference
):
    response = post(client, editor, on_duplicate="replace")
    assert response.status_code == 403
    assert response.json()["code"] == "publish_permission_required"


def test_the_choice_also_comes_as_a_query_parameter(client, editor, reference):
    response = client.post(
        f"{URL}?on_duplicate=skip&filename=fanwen.txt",
        data=REMADE.encode(),
        content_type="text/plain",
        **editor,
    )
    assert response.status_code == 201
    assert response.json()["essays"] == 0


def test_an_unknown_choice_is_refused(client, editor, reference):
    assert post(client, editor, on_duplicate="merge").status_code == 422


def test_a_different_document_has_no_duplicates(client, editor, reference):
    response = post(client, editor, text=COMMUNITY)
    assert response.status_code == 201
    assert response.json()["duplicates"] == []
