"""Publishing is a publisher's act on every path (issue 14.1; decisions.md).

An editor's attempt is refused with a Chinese sentence (API: 403 with a code)
and leaves everything as it was; a publisher may.
"""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from essays.models import Essay, ImportUpload, Point
from essays.tokens import create_token
from tests.admin.documents import COMMUNITY
from tests.admin.test_import import confirm, staged

pytestmark = pytest.mark.django_db

CHANGED = COMMUNITY.replace("建立民情台账。", "建立民情日志。")
CODE = "publish_permission_required"


def publish(client, essay):
    client.post(
        reverse("admin:essays_essay_changelist"),
        {"action": "publish", "_selected_action": [essay.pk]},
    )
    essay.refresh_from_db()
    assert essay.is_published


def unpublish(client, essay):
    client.post(
        reverse("admin:essays_essay_changelist"),
        {"action": "unpublish", "_selected_action": [essay.pk]},
    )
    essay.refresh_from_db()
    assert not essay.is_published


@pytest.fixture
def published(editor_client, publisher_client) -> Essay:
    """The small document, imported by an editor, then published by a publisher."""
    confirm(editor_client, staged(editor_client))
    essay = Essay.objects.get()
    publish(publisher_client, essay)
    return essay


def tree() -> list:
    return list(Point.objects.order_by("pk").values_list("pk", "title"))


def import_by_api(client, user, text: str, **flags):
    _, token = create_token(user, name="脚本", scope="read-write")
    return client.post(
        "/api/v1/imports",
        data=json.dumps({"text": text, **flags}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_an_api_import_replacing_published_essays_needs_a_publisher(
    client, editor, publisher, published
):
    before = tree()
    refused = import_by_api(client, editor, CHANGED, replace=True)
    assert refused.status_code == 403
    body = refused.json()
    assert body["code"] == CODE and "发布权限" in body["detail"]
    assert tree() == before
    published.refresh_from_db()
    assert published.is_published
    allowed = import_by_api(client, publisher, CHANGED, replace=True)
    assert allowed.status_code == 201 and allowed.json()["status"] == "replaced"
    assert Point.objects.filter(title="建立民情日志。").exists()


def test_an_api_import_replacing_drafts_is_an_editors_act(client, editor):
    import_by_api(client, editor, COMMUNITY)
    replaced = import_by_api(client, editor, CHANGED, replace=True)
    assert replaced.status_code == 201


def test_publishing_through_an_import_needs_a_publisher_with_a_code(client, editor):
    refused = import_by_api(client, editor, COMMUNITY, publish=True)
    assert refused.status_code == 403 and refused.json()["code"] == CODE
    assert not Essay.objects.exists()


def test_the_admin_import_preview_refuses_an_editors_replace_of_published_essays(
    editor_client, publisher_client, published
):
    before = tree()
    preview_url = staged(editor_client, CHANGED.encode(), "shequ-v2.txt")
    response = confirm(editor_client, preview_url, replace="on")
    html = response.content.decode()
    assert "只有拥有发布权限的人才能替换含有已发布文章的文档" in html
    assert tree() == before
    assert ImportUpload.objects.get(filename="shequ-v2.txt").status == "staged"
    published.refresh_from_db()
    assert published.is_published
    preview_url = staged(publisher_client, CHANGED.encode(), "shequ-v3.txt")
    confirm(publisher_client, preview_url, replace="on")
    assert Point.objects.filter(title="建立民情日志。").exists()


def test_undoing_an_import_a_publisher_has_since_published_needs_a_publisher(
    editor_client, publisher_client, published
):
    record = ImportUpload.objects.get()
    undo = reverse("admin:essays_import_undo", args=[record.pk])
    response = editor_client.post(undo, follow=True)
    assert "只有拥有发布权限的人才能撤销导入" in response.content.decode()
    assert Essay.objects.filter(pk=published.pk).exists()
    record.refresh_from_db()
    assert record.status == ImportUpload.Status.IMPORTED
    publisher_client.post(undo)
    assert not Essay.objects.exists()


def test_undoing_an_editors_draft_import_stays_an_editors_act(editor_client):
    confirm(editor_client, staged(editor_client))
    record = ImportUpload.objects.get()
    editor_client.post(reverse("admin:essays_import_undo", args=[record.pk]))
    assert not Essay.objects.exists()


def revert_url(essay, version) -> str:
    return reverse("admin:essays_essay_revision", args=[essay.pk, version.pk])


def test_reverting_a_published_essay_to_a_draft_era_version_needs_a_publisher(
    editor_client, publisher_client, published
):
    draft_era = Version.objects.get_for_object(published).last()  # the import
    assert draft_era.field_dict["status"] == "draft"
    before = tree()
    response = editor_client.post(revert_url(published, draft_era), follow=True)
    assert "只有拥有发布权限的人才能恢复涉及已发布文章的历史版本" in (
        response.content.decode()
    )
    published.refresh_from_db()
    assert published.is_published and tree() == before
    publisher_client.post(revert_url(published, draft_era))
    published.refresh_from_db()
    assert not published.is_published


def test_reverting_a_draft_to_a_published_era_version_needs_a_publisher(
    editor_client, publisher_client, published
):
    published_era = Version.objects.get_for_object(published).first()
    assert published_era.field_dict["status"] == "published"
    unpublish(publisher_client, published)
    response = editor_client.post(revert_url(published, published_era), follow=True)
    assert "发布权限" in response.content.decode()
    published.refresh_from_db()
    assert not published.is_published
    publisher_client.post(revert_url(published, published_era))
    published.refresh_from_db()
    assert published.is_published


def test_an_editor_may_revert_a_draft_to_a_draft_era_version(editor_client):
    confirm(editor_client, staged(editor_client))
    essay = Essay.objects.get()
    version = Version.objects.get_for_object(essay).get()
    Point.objects.filter(essay=essay).update(title="改了")
    assert editor_client.post(revert_url(essay, version)).status_code == 302
    assert Point.objects.filter(title="建立民情台账。").exists()


def test_recovering_a_deleted_published_essay_needs_a_publisher(
    client, editor_client, publisher, published
):
    _, token = create_token(publisher, name="脚本", scope="read-write")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.delete(f"/api/v1/essays/{published.slug}", **auth).status_code == 204
    deleted = Version.objects.get_deleted(Essay).get()
    assert deleted.field_dict["status"] == "published"
    recover = reverse("admin:essays_essay_recover", args=[deleted.pk])
    response = editor_client.post(recover, follow=True)
    assert "发布权限" in response.content.decode()
    assert not Essay.objects.exists()


def test_the_command_refuses_an_editors_publishing_import(tmp_path, editor, capsys):
    document = tmp_path / "shequ.txt"
    document.write_text(COMMUNITY, encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_essays", str(document), "--publish", "--user", "editor")
    assert "发布权限" in capsys.readouterr().err
    assert not Essay.objects.exists()


def test_api_delete_and_publish_answer_403_with_the_code(client, editor, published):
    _, token = create_token(editor, name="脚本", scope="read-write")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    deleted = client.delete(f"/api/v1/essays/{published.slug}", **auth)
    assert deleted.status_code == 403 and deleted.json()["code"] == CODE
    withdrawn = client.post(
        f"/api/v1/essays/{published.slug}/unpublish",
        content_type="application/json",
        **auth,
    )
    assert withdrawn.status_code == 403 and withdrawn.json()["code"] == CODE
    assert Essay.objects.get().is_published
