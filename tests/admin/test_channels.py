"""Every write shows in the admin history with who and through which channel."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from reversion.models import Version

from essays.models import AuditEntry, Essay, Point, RevisionSource, Section
from essays.tokens import create_token
from tests.admin.documents import COMMUNITY, WATERMARK
from tests.admin.test_essay_admin import inline_data

pytestmark = pytest.mark.django_db


def api(client, method, path, user, body=None, token_name="同步脚本"):
    _, token = create_token(user, name=token_name, scope="read-write")
    return getattr(client, method)(
        f"/api/v1{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def history_page(client, model: str, pk: int) -> str:
    url = reverse(f"admin:essays_{model}_history", args=[pk])
    return client.get(url).content.decode()


def imported_by_api(client, user) -> Essay:
    response = api(client, "post", "/imports", user, {"text": COMMUNITY})
    assert response.status_code == 201, response.content
    return Essay.objects.get()


def test_an_api_import_is_in_the_history_with_its_token_and_can_be_reverted(
    client, editor, editor_client
):
    essay = imported_by_api(client, editor)
    version = Version.objects.get_for_object(essay).get()
    assert version.revision.user == editor
    source = RevisionSource.objects.get(revision=version.revision)
    assert (source.channel, source.token_name) == ("api", "同步脚本")
    html = history_page(editor_client, "essay", essay.pk)
    assert "API 令牌“同步脚本”" in html and "editor" in html and "导入" in html
    essay.title = "改过的标题"
    essay.save()
    url = reverse("admin:essays_essay_revision", args=[essay.pk, version.pk])
    assert editor_client.post(url).status_code == 302
    essay.refresh_from_db()
    assert essay.title == "社区群众工作的几点做法"


def test_an_api_edit_is_in_the_history_and_can_be_reverted_there(
    client, editor, editor_client
):
    essay = imported_by_api(client, editor)
    point = Point.objects.get(title="建立民情台账。")
    response = api(
        client, "patch", f"/points/{point.pk}", editor, {"title": "改过的要点。"}
    )
    assert response.status_code == 200, response.content
    latest, before = Version.objects.get_for_object(point)[:2]
    assert latest.revision.user == editor
    assert latest.revision.source.channel == "api"
    assert "修改要点" in latest.revision.get_comment()
    assert "API 令牌“同步脚本”" in history_page(editor_client, "point", point.pk)
    url = reverse("admin:essays_point_revision", args=[point.pk, before.pk])
    page = editor_client.get(url).content.decode()
    assert "API 令牌“同步脚本”" in page or "—" in page
    assert editor_client.post(url).status_code == 302
    point.refresh_from_db()
    assert point.title == "建立民情台账。"
    reverted = Version.objects.get_for_object(point).first().revision
    assert (reverted.source.channel, reverted.user) == ("admin", editor)
    assert essay.pk == point.essay_id


@pytest.mark.parametrize(
    ("method", "path", "body", "comment"),
    [
        ("post", "/essays/{slug}/sections", {"title": "新的部分"}, "新增部分"),
        ("put", "/essays/{slug}/topics", {"topics": ["统战工作"]}, "设置主题"),
        ("delete", "/points/{point}", None, "删除要点"),
        ("put", "/sections/{section}/points/order", "reversed", "调整顺序"),
    ],
    ids=["create", "topics", "delete", "reorder"],
)
def test_each_kind_of_api_edit_records_a_revision_of_the_essay(
    client, editor, method, path, body, comment
):
    essay = imported_by_api(client, editor)
    section = Section.objects.get(essay=essay, position=2)
    point = section.points.get(position=1)
    if body == "reversed":
        ids = list(section.points.order_by("-position").values_list("pk", flat=True))
        body = {"ids": ids}
    path = path.format(slug=essay.slug, point=point.pk, section=section.pk)
    response = api(client, method, path, editor, body)
    assert response.status_code < 300, response.content
    latest = Version.objects.get_for_object(essay).first()
    assert comment in latest.revision.get_comment()
    assert latest.revision.user == editor
    assert latest.revision.source.token_name == "同步脚本"


def test_an_import_essays_run_is_in_the_history_under_the_command_channel(
    tmp_path, editor, editor_client
):
    document = tmp_path / "shequ.txt"
    document.write_text(COMMUNITY, encoding="utf-8")
    call_command("import_essays", str(document), "--user", "editor")
    essay = Essay.objects.get()
    version = Version.objects.get_for_object(essay).get()
    assert version.revision.user == editor
    assert version.revision.source.channel == "command"
    assert "命令行" in history_page(editor_client, "essay", essay.pk)
    Point.objects.filter(essay=essay).update(title="全改了")
    url = reverse("admin:essays_essay_revision", args=[essay.pk, version.pk])
    assert editor_client.post(url).status_code == 302
    assert Point.objects.filter(title="建立民情台账。").exists()


def test_the_editors_watermark_words_apply_to_api_and_command_imports(
    client, editor, tmp_path
):
    from essays.models import WatermarkWord

    WatermarkWord.objects.create(word=WATERMARK)
    imported_by_api(client, editor)
    assert WATERMARK not in Point.objects.get(title="推行民主评议。").body
    Essay.objects.all().delete()
    from essays.models import Collection

    Collection.objects.all().delete()
    document = tmp_path / "shequ.txt"
    document.write_text(COMMUNITY, encoding="utf-8")
    call_command("import_essays", str(document))
    assert WATERMARK not in Point.objects.get(title="推行民主评议。").body


def test_publishing_and_tokens_leave_audit_entries(publisher_client, publisher):
    from tests.admin.test_import import confirm, staged

    confirm(publisher_client, staged(publisher_client))
    essay = Essay.objects.get()
    changelist = reverse("admin:essays_essay_changelist")
    publisher_client.post(
        changelist, {"action": "publish", "_selected_action": [essay.pk]}
    )
    entry = AuditEntry.objects.get(action="publish")
    assert (entry.actor, entry.channel) == (publisher, "admin")
    assert "社区群众工作的几点做法" in entry.target
    call_command("create_api_token", "publisher", "--name", "门户")
    assert AuditEntry.objects.filter(
        action="token_created", channel="command", target__startswith="门户"
    ).exists()


def test_the_bulk_topic_action_makes_the_next_conditional_get_answer_200(
    client, publisher_client
):
    from tests.admin.test_import import confirm, staged

    confirm(publisher_client, staged(publisher_client))
    essay = Essay.objects.get()
    changelist = reverse("admin:essays_essay_changelist")
    publisher_client.post(
        changelist, {"action": "publish", "_selected_action": [essay.pk]}
    )
    # The essay was last changed a while ago: Last-Modified has one-second
    # granularity, and a change within the same second could not be told
    # apart by any client.
    earlier = timezone.now() - timedelta(minutes=5)
    Essay.objects.filter(pk=essay.pk).update(updated_at=earlier)
    Section.objects.filter(essay=essay).update(updated_at=earlier)
    Point.objects.filter(essay=essay).update(updated_at=earlier)
    url = f"/api/v1/essays/{essay.slug}"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Last-Modified"] == http_date(earlier.timestamp())
    unchanged = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert unchanged.status_code == 304
    publisher_client.post(
        changelist,
        {"action": "add_topic", "topic": "调查研究", "_selected_action": [essay.pk]},
    )
    after = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert after.status_code == 200
    assert "调查研究" in [topic["name"] for topic in after.json()["topics"]]


def test_an_admin_edit_names_the_admin_channel(editor_client, editor):
    from tests.admin.test_import import confirm, staged

    confirm(editor_client, staged(editor_client))
    point = Point.objects.get(title="建立民情台账。")
    url = reverse("admin:essays_point_change", args=[point.pk])
    data = inline_data(editor_client, url)
    data["title"] = "新的标题。"
    assert editor_client.post(url, data).status_code == 302
    latest = Version.objects.get_for_object(point).first()
    assert latest.revision.source.channel == "admin"
    assert latest.revision.user == editor
