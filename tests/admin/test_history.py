"""History: who changed what and when, the old version, a diff, revert."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from reversion.models import Revision, Version

from essays.models import Essay, Point, Section
from essays.services import topics
from essays.services.recording import COMMAND
from tests.admin.test_essay_admin import inline_data
from tests.admin.test_import import confirm, staged

pytestmark = pytest.mark.django_db


def edit_point_title(client, point, title):
    url = reverse("admin:essays_point_change", args=[point.pk])
    data = inline_data(client, url)
    data["title"] = title
    response = client.post(url, data)
    assert response.status_code == 302
    return response


@pytest.fixture
def imported(editor_client):
    confirm(editor_client, staged(editor_client))
    return Essay.objects.get()


def test_an_edit_is_recorded_with_who_and_when(editor_client, editor, imported):
    point = Point.objects.get(title="建立民情台账。")
    edit_point_title(editor_client, point, "建立民情台账,做到一户一档。")
    versions = Version.objects.get_for_object(point)
    assert versions.count() == 2  # the import, then the edit
    assert versions.first().revision.user == editor
    history = editor_client.get(
        reverse("admin:essays_point_history", args=[point.pk])
    ).content.decode()
    assert "editor" in history and "修改" in history


def test_the_version_page_shows_the_old_version_and_a_diff(editor_client, imported):
    point = Point.objects.get(title="建立民情台账。")
    edit_point_title(editor_client, point, "建立民情台账,做到一户一档。")
    old = Version.objects.get_for_object(point).last()
    url = reverse("admin:essays_point_revision", args=[point.pk, old.pk])
    html = editor_client.get(url).content.decode()
    assert "建立民情台账。" in html and "建立民情台账,做到一户一档。" in html
    # Restoring goes from now to the old version: it removes the addition.
    assert "建立民情台账<del>,做到一户一档</del>。" in html
    point.refresh_from_db()
    assert point.title == "建立民情台账,做到一户一档。"  # looking changes nothing


def test_reverting_an_edit_restores_the_point_only(editor_client, imported):
    point = Point.objects.get(title="建立民情台账。")
    other = Point.objects.get(title="建立网格走访制度。")
    edit_point_title(editor_client, point, "改过的标题。")
    edit_point_title(editor_client, other, "另一处修改。")
    old = Version.objects.get_for_object(point).last()
    url = reverse("admin:essays_point_revision", args=[point.pk, old.pk])
    assert editor_client.post(url).status_code == 302
    point.refresh_from_db()
    other.refresh_from_db()
    assert point.title == "建立民情台账。"
    assert other.title == "另一处修改。"  # same import revision, other tree
    latest = Version.objects.get_for_object(point).first()
    assert "恢复到" in latest.revision.comment


def test_reverting_an_essay_restores_its_tree_after_a_move(editor_client, imported):
    essay = imported
    section = Section.objects.get(essay=essay, position=2)
    points = list(section.points.order_by("position"))
    move_url = reverse("admin:essays_essay_move", args=[essay.pk])
    editor_client.post(
        move_url, {"move": f"point:{points[0].pk}:down", "renumber": "on"}
    )
    editor_client.post(move_url, {"move": f"point:{points[2].pk}:up", "renumber": "on"})
    import_version = Version.objects.get_for_object(essay).last()
    url = reverse("admin:essays_essay_revision", args=[essay.pk, import_version.pk])
    assert editor_client.post(url).status_code == 302
    restored = list(section.points.order_by("position"))
    assert [p.pk for p in restored] == [p.pk for p in points]
    assert [p.label for p in restored] == [p.label for p in points]


def test_a_deleted_point_comes_back_when_its_essay_is_reverted(editor_client, imported):
    essay = imported
    point = Point.objects.get(title="推行民主评议。")
    delete = reverse("admin:essays_point_delete", args=[point.pk])
    editor_client.post(delete, {"post": "yes"})
    assert not Point.objects.filter(pk=point.pk).exists()
    deletion, version = Version.objects.get_for_object(essay)[:2]
    assert "删除" in deletion.revision.comment  # the deletion is history too
    editor_client.post(
        reverse("admin:essays_essay_revision", args=[essay.pk, version.pk])
    )
    restored = Point.objects.get(pk=point.pk)
    assert restored.position == 2 and restored.topics.exists() is not None
    positions = list(
        restored.section.points.order_by("position").values_list("position", flat=True)
    )
    assert positions == [1, 2, 3]


def test_a_topic_change_is_reverted_with_its_point(admin_client, imported):
    point = Point.objects.get(title="推行民主评议。")
    before = sorted(point.topics.names())
    point_url = reverse("admin:essays_point_change", args=[point.pk])
    data = inline_data(admin_client, point_url)
    data["topics"] = []
    admin_client.post(point_url, data)
    assert not point.topics.exists()
    old = Version.objects.get_for_object(point).last()
    admin_client.post(reverse("admin:essays_point_revision", args=[point.pk, old.pk]))
    assert sorted(point.topics.names()) == before


def test_an_editor_without_change_rights_cannot_revert(
    client, imported, django_user_model
):
    viewer = django_user_model.objects.create_user(
        "viewer", password="x-secret-123", is_staff=True
    )
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_point"))
    client.force_login(viewer)
    point = Point.objects.first()
    version = Version.objects.get_for_object(point).first()
    url = reverse("admin:essays_point_revision", args=[point.pk, version.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 403


def history_rows(client, url_name, obj) -> list[str]:
    """The history page's rows, newest first, as text."""
    html = client.get(reverse(url_name, args=[obj.pk])).content.decode()
    body = html.split('id="change-history"', 1)[1].split("</table>")[0]
    return [re.sub(r"<[^>]+>", "", row) for row in body.split("<tr>")[2:]]


def test_an_essays_history_holds_edits_made_on_its_points_pages(
    editor_client, imported
):
    point = Point.objects.get(title="建立民情台账。")
    edit_point_title(editor_client, point, "建立民情台账,做到一户一档。")
    rows = history_rows(editor_client, "admin:essays_essay_history", imported)
    assert len(rows) == 2  # the edit on the point's page, then the import
    assert "标题：建立民情台账。 → 建立民情台账,做到一户一档。" in rows[0]
    assert "新增" in rows[1] and "5 个要点" in rows[1]


def test_a_topic_change_shows_the_topics_before_and_after(admin_client, imported):
    point = Point.objects.get(title="推行民主评议。")
    topics.set_topics(point, ["网格化", "民主评议"], actor=None, channel=COMMAND)
    before = "、".join(sorted(["网格化", "民主评议"]))
    topics.set_topics(point, ["民主评议"], actor=None, channel=COMMAND)
    rows = history_rows(admin_client, "admin:essays_point_history", point)
    assert f"主题：{before} → 民主评议" in rows[0]
    assert "标题：" not in rows[0]  # only what changed
    essay_rows = history_rows(admin_client, "admin:essays_essay_history", imported)
    assert f"主题：{before} → 民主评议" in essay_rows[0]
    latest = Version.objects.get_for_object(point).first()
    page = admin_client.get(
        reverse("admin:essays_point_revision", args=[point.pk, latest.pk])
    ).content.decode()
    assert "这次修改改了什么" in page and "民主评议" in page


def test_history_dates_are_local_time_to_the_minute_on_one_line(
    editor_client, imported
):
    revision = Version.objects.get_for_object(imported).first().revision
    Revision.objects.filter(pk=revision.pk).update(
        date_created=datetime(2026, 12, 1, 1, 18, 18, 999000, tzinfo=UTC)
    )
    html = editor_client.get(
        reverse("admin:essays_essay_history", args=[imported.pk])
    ).content.decode()
    assert 'class="kb-when"' in html
    assert "2026年12月1日 09:18" in html  # Beijing time, TIME_ZONE
    assert "01:18:18" not in html and "+00:00" not in html


def test_a_deleted_point_is_listed_as_deleted_in_its_essays_history(
    editor_client, imported
):
    point = Point.objects.get(title="推行民主评议。")
    editor_client.post(
        reverse("admin:essays_point_delete", args=[point.pk]), {"post": "yes"}
    )
    rows = history_rows(editor_client, "admin:essays_essay_history", imported)
    assert "删除要点“推行民主评议。”" in rows[0]


def test_a_version_page_shows_times_as_editors_read_them(publisher_client, imported):
    from essays.services import publishing

    publishing.publish_essays([imported], actor=None, channel=COMMAND)
    version = Version.objects.get_for_object(imported).first()
    html = publisher_client.get(
        reverse("admin:essays_essay_revision", args=[imported.pk, version.pk])
    ).content.decode()
    assert re.search(
        r"发布时间</th>\s*<td[^>]*>\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", html
    )
    assert "+00:00" not in html and "True" not in html


def test_an_essays_history_page_reads_a_fixed_number_of_queries(
    editor_client, imported
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:essays_essay_history", args=[imported.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(url).status_code == 200
        return len(captured)

    points = list(Point.objects.order_by("pk"))
    edit_point_title(editor_client, points[0], "第一次修改。")
    after_one = queries()
    for number, point in enumerate(points[1:], start=2):
        edit_point_title(editor_client, point, f"第{number}次修改。")
    assert len(history_rows(editor_client, "admin:essays_essay_history", imported)) == 6
    assert queries() == after_one  # more revisions, the same queries
