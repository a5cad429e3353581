"""Every /api/v1/ answer is JSON with a stable code, errors included (issue 12)."""

import pytest
from django.db import IntegrityError

from essays.models import Essay

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_unknown_routes_are_json_404(client):
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(f"{API}/no/such/thing")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_wrong_methods_are_json_405_with_allow(client):
    response = client.delete(f"{API}/essays")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert {"GET", "HEAD", "OPTIONS"} <= set(response["Allow"].split(", "))


def test_head_and_options_are_answered(client):
    head = client.head(f"{API}/essays")
    assert head.status_code == 200 and head.content == b""
    options = client.options(f"{API}/essays")
    assert options.status_code == 204 and "GET" in options["Allow"]


def test_a_server_error_is_json_and_says_nothing_inside(client, monkeypatch):
    from essays import selectors

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "essay_list", broken)
    response = client.get(f"{API}/essays")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error" and "secret" not in body["detail"]


def test_a_constraint_clash_is_409_naming_nothing(client, editor, monkeypatch):
    from essays.services import editing

    def clash(*args, **kwargs):
        raise IntegrityError('duplicate key violates "essay_position_unique"')

    monkeypatch.setattr(editing, "create_essay", clash)
    collection = Essay._meta.get_field("collection").related_model.objects.create(
        title="汇编", sha256="2" * 64
    )
    response = client.post(
        f"{API}/essays",
        data={"collection": collection.pk, "title": "新文章"},
        content_type="application/json",
        **editor,
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and "unique" not in body["detail"]


def test_a_lone_surrogate_in_a_json_import_is_not_a_500(client, editor):
    response = client.post(
        f"{API}/imports",
        data=b'{"text": "\\ud800"}',
        content_type="application/json",
        **editor,
    )
    assert 400 <= response.status_code < 500
    assert response.json()["code"]
