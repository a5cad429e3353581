"""Recovering an undone import keeps the work done on it afterwards (issue 15)."""

import pytest
from django.urls import reverse
from reversion.models import Version

from essays.models import Collection, Essay, ImportUpload, Point, Section
from essays.services import imports, ordering, publishing, reverting, topics
from essays.services.recording import ADMIN
from tests.admin.documents import COMMUNITY
from tests.admin.test_history import edit_point_title
from tests.admin.test_import import confirm, staged

pytestmark = pytest.mark.django_db


@pytest.fixture
def later_work(editor_client, editor, publisher):
    """An import, then a fix, a move, topics and publishing on it."""
    confirm(editor_client, staged(editor_client))
    essay = Essay.objects.get()
    point = Point.objects.get(title="建立民情台账。")
    edit_point_title(editor_client, point, "建立民情台账,做到一户一档。")
    second = Section.objects.get(essay=essay, position=2)
    first_point = second.points.get(position=1)
    ordering.move(first_point, position=3, actor=editor, channel=ADMIN)
    topics.set_topics(point, ["民情台账", "网格化"], actor=editor, channel=ADMIN)
    publishing.publish_essays([essay], actor=publisher, channel=ADMIN)
    return {"essay": essay, "point": point, "moved": first_point}


def undo(client) -> Version:
    record = ImportUpload.objects.get()
    response = client.post(reverse("admin:essays_import_undo", args=[record.pk]))
    assert response.status_code == 302
    assert not Collection.objects.exists()
    return Version.objects.get_deleted(Collection).get()


def recover_url(deleted: Version) -> str:
    return reverse("admin:essays_collection_recover", args=[deleted.pk])


def test_recovery_brings_back_fixes_moves_topics_and_publishing(
    publisher_client, later_work
):
    deleted = undo(publisher_client)
    plan = publisher_client.get(recover_url(deleted)).content.decode()
    assert plan.count("重新应用</td>") == 4 and "将丢失" not in plan
    assert not Collection.objects.exists()  # looking at the plan stores nothing
    response = publisher_client.post(recover_url(deleted))
    assert response.status_code == 302
    point = Point.objects.get(pk=later_work["point"].pk)
    assert point.title == "建立民情台账,做到一户一档。"
    assert sorted(point.topics.names()) == ["民情台账", "网格化"]
    assert Point.objects.get(pk=later_work["moved"].pk).position == 3
    assert Essay.objects.get().status == Essay.Status.PUBLISHED
    assert Point.objects.count() == 5
    labels = list(
        Section.objects.get(position=2)
        .points.order_by("position")
        .values_list("title", flat=True)
    )
    assert labels[2] == "搭建居民议事平台。"  # the moved point stays where it went


def test_recovery_is_one_revision_naming_the_editor(publisher_client, later_work):
    deleted = undo(publisher_client)
    publisher_client.post(recover_url(deleted))
    essay = Essay.objects.get()
    latest = Version.objects.get_for_object(essay).first().revision
    assert latest.user.username == "publisher"
    assert "恢复已删除的汇编" in latest.comment and "4 次修改" in latest.comment


def test_a_later_revision_that_cannot_be_reapplied_is_shown_and_asked_about(
    editor_client, publisher_client, later_work
):
    deleted = undo(publisher_client)  # published essays: a publisher undoes
    plan = editor_client.get(recover_url(deleted)).content.decode()
    assert "将丢失" in plan and "需要发布权限" in plan
    assert 'name="accept_losses"' in plan
    refused = editor_client.post(recover_url(deleted))
    assert refused.status_code == 200 and "我已了解" in refused.content.decode()
    assert not Collection.objects.exists()  # nothing half-written
    editor_client.post(recover_url(deleted), {"accept_losses": "on"})
    essay = Essay.objects.get()
    assert essay.status == Essay.Status.DRAFT  # what the editor could not redo
    point = Point.objects.get(pk=later_work["point"].pk)
    assert point.title == "建立民情台账,做到一户一档。"  # earlier work kept


def test_the_import_record_offers_undo_then_recovery(publisher_client, later_work):
    record = ImportUpload.objects.get()
    page = reverse("admin:essays_importupload_change", args=[record.pk])
    html = publisher_client.get(page).content.decode()
    assert reverse("admin:essays_import_undo", args=[record.pk]) in html
    assert "撤销导入" in html
    deleted = undo(publisher_client)
    html = publisher_client.get(page).content.decode()
    from_record = reverse("admin:essays_import_recover", args=[record.pk])
    assert from_record in html and ">恢复<" in html
    plan = publisher_client.get(from_record).content.decode()
    assert plan.count("重新应用</td>") == 4
    publisher_client.post(from_record)
    record.refresh_from_db()
    assert record.status == ImportUpload.Status.IMPORTED
    assert record.collection_id == int(deleted.object_id)  # undoable again
    assert Point.objects.get(pk=later_work["point"].pk).topics.exists()


def test_the_undo_link_comes_before_the_filter_panel_can_hide_it(publisher_client):
    confirm(publisher_client, staged(publisher_client))
    html = publisher_client.get(
        reverse("admin:essays_importupload_changelist")
    ).content.decode()
    headers = html.split("<thead>")[1].split("</thead>")[0]
    assert headers.index("操作") < headers.index("状态")


def test_recovering_twice_is_refused_calmly(publisher_client, later_work, publisher):
    deleted = undo(publisher_client)
    reverting.recover(deleted, actor=publisher, channel=ADMIN)
    with pytest.raises(reverting.AlreadyRecovered):
        reverting.recover(deleted, actor=publisher, channel=ADMIN)
    response = publisher_client.post(recover_url(deleted), follow=True)
    assert "已经恢复" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_editors_recovering_at_once_recover_once(publisher):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    result = imports.import_document(
        COMMUNITY.encode(), filename="shequ.txt", actor=publisher, channel=ADMIN
    )
    Collection.objects.get(pk=result.collection.pk).delete()  # as undo does
    deleted = Version.objects.get_deleted(Collection).get()
    clients = 4
    start = Barrier(clients)

    def recover_once(_):
        try:
            start.wait()
            reverting.recover(deleted, actor=publisher, channel=ADMIN)
            return "recovered"
        except reverting.AlreadyRecovered:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(clients) as pool:
        outcomes = sorted(pool.map(recover_once, range(clients)))
    assert outcomes == ["recovered"] + ["refused"] * (clients - 1)
    assert Essay.objects.count() == 1 and Point.objects.count() == 5


def test_a_collection_deleted_in_bulk_comes_back_with_its_essays(
    publisher_client, later_work, publisher
):
    from essays.services import deleting

    collection = Collection.objects.get()
    deleting.delete_collection(collection, actor=publisher, channel=ADMIN)
    # The bulk delete records the collection emptied: that version is the
    # deletion, not the state to bring back.
    deleted = Version.objects.get_deleted(Collection).get()
    publisher_client.post(recover_url(deleted))
    assert Essay.objects.get().status == Essay.Status.PUBLISHED
    point = Point.objects.get(pk=later_work["point"].pk)
    assert point.title == "建立民情台账,做到一户一档。"
    assert Point.objects.count() == 5
