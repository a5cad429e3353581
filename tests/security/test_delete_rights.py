"""Deleting part of a published essay is a publisher's act (decisions.md).

Issue 14: an editor could take published content off the site by deleting
its sections or points, in the admin and through the API.
"""

import pytest
from django.urls import reverse

from essays.models import Collection, Essay, Point, Section
from essays.tokens import create_token
from tests.admin.conftest import logged_in, member

pytestmark = pytest.mark.django_db

CODE = "publish_permission_required"


def make_essay(status: str) -> Essay:
    collection, _ = Collection.objects.get_or_create(title="汇编", sha256="e" * 64)
    essay = Essay.objects.create(
        collection=collection,
        position=collection.essays.count() + 1,
        title=f"{status}文章",
        slug=f"essay-{status}",
        status=status,
    )
    section = Section.objects.create(essay=essay, position=1, title="第一部分")
    top = Point.objects.create(essay=essay, section=section, position=1, title="甲。")
    Point.objects.create(
        essay=essay, section=section, parent=top, position=1, title="一是乙。"
    )
    return essay


@pytest.fixture
def published() -> Essay:
    return make_essay(Essay.Status.PUBLISHED)


@pytest.fixture
def draft() -> Essay:
    return make_essay(Essay.Status.DRAFT)


def api_delete(client, user, url: str):
    _, token = create_token(user, name="脚本", scope="read-write")
    return client.delete(url, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("kind", ["sections", "points"])
def test_an_editor_cannot_delete_parts_of_a_published_essay_by_api(
    client, published, kind
):
    node = (published.sections if kind == "sections" else published.points).first()
    before = Point.objects.count()
    refused = api_delete(
        client, member("editor", "editor"), f"/api/v1/{kind}/{node.pk}"
    )
    assert refused.status_code == 403
    body = refused.json()
    assert body["code"] == CODE and "发布权限" in body["detail"]
    assert Point.objects.count() == before
    allowed = api_delete(
        client, member("publisher", "publisher"), f"/api/v1/{kind}/{node.pk}"
    )
    assert allowed.status_code == 204


@pytest.mark.parametrize("kind", ["sections", "points"])
def test_an_editor_may_delete_parts_of_a_draft_by_api(client, draft, kind):
    node = (draft.sections if kind == "sections" else draft.points).first()
    response = api_delete(
        client, member("editor", "editor"), f"/api/v1/{kind}/{node.pk}"
    )
    assert response.status_code == 204


@pytest.mark.parametrize("model", ["section", "point"])
def test_an_editor_cannot_delete_parts_of_a_published_essay_in_the_admin(
    published, draft, model
):
    editor = logged_in(member("editor", "editor"))
    rows = Section.objects if model == "section" else Point.objects
    node = rows.filter(essay=published).first()
    url = reverse(f"admin:essays_{model}_delete", args=[node.pk])
    assert editor.post(url, {"post": "yes"}).status_code == 403
    assert rows.filter(pk=node.pk).exists()
    changelist = reverse(f"admin:essays_{model}_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [node.pk]}
    assert editor.post(changelist, {**chosen, "post": "yes"}).status_code == 403
    assert rows.filter(pk=node.pk).exists()
    other = rows.filter(essay=draft).first()
    url = reverse(f"admin:essays_{model}_delete", args=[other.pk])
    assert editor.post(url, {"post": "yes"}).status_code == 302
    assert not rows.filter(pk=other.pk).exists()


def test_a_publisher_deletes_parts_of_a_published_essay_in_the_admin(published):
    publisher = logged_in(member("publisher", "publisher"))
    point = published.points.get(parent=None)
    url = reverse("admin:essays_point_delete", args=[point.pk])
    assert publisher.post(url, {"post": "yes"}).status_code == 302
    assert not published.points.exists()
