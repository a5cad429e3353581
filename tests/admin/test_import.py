"""Import in the admin: upload -> preview -> confirm, refusals, replace, undo."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Revision, Version

from essays.importer import MAX_BYTES
from essays.models import Collection, Essay, ImportUpload, Point, WatermarkWord
from tests.admin.documents import COMMUNITY, WATERMARK
from tests.conftest import BUNDLED

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:essays_import")


def upload(client, content: bytes, name: str = "shequ.txt"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def staged(client, content: bytes = COMMUNITY.encode(), name: str = "shequ.txt"):
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def fingerprint(html: str) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]{64})"', html).group(1)


def confirm(client, preview_url: str, **extra):
    html = client.get(preview_url).content.decode()
    data = {"confirm": "1", "fingerprint": fingerprint(html), **extra}
    return client.post(preview_url, data)


def test_a_good_file_is_previewed_and_nothing_is_stored_before_confirming(
    editor_client,
):
    preview_url = staged(editor_client)
    html = editor_client.get(preview_url).content.decode()
    assert "社区群众工作的几点做法" in html
    assert "坚持入户走访,摸清群众底数" in html  # a section
    assert "（二）" in html and "建立民情台账。" in html  # a point with its label
    assert "方法" in html or "做法" in html  # an inferred category
    assert "群众工作" in html  # an inferred topic
    assert "确认导入" in html
    assert not Collection.objects.exists() and not Essay.objects.exists()
    assert ImportUpload.objects.get().status == ImportUpload.Status.STAGED


def test_confirming_stores_drafts_in_one_revision(editor_client, editor):
    response = confirm(editor_client, staged(editor_client))
    assert response.status_code == 302
    essay = Essay.objects.get()
    assert essay.status == Essay.Status.DRAFT
    assert Point.objects.count() == 5
    revision = Revision.objects.get()
    assert revision.user == editor and "导入" in revision.comment
    versioned = {v.content_type.model for v in revision.version_set.all()}
    assert {"collection", "essay", "section", "point", "taggedpoint"} <= versioned
    assert revision.version_set.filter(content_type__model="point").count() == 5
    record = ImportUpload.objects.get()
    assert record.status == ImportUpload.Status.IMPORTED
    assert record.collection == essay.collection and record.revision == revision
    assert bytes(record.raw) == b""  # the collection keeps the text
    assert "最后一公里" in essay.collection.raw_text
    changelist = editor_client.get(response["Location"]).content.decode()
    assert "已导入《社区群众工作的几点做法》" in changelist


def test_pasted_text_is_imported_like_a_file(editor_client):
    response = editor_client.post(IMPORT, {"text": COMMUNITY})
    assert response.status_code == 302
    confirm(editor_client, response["Location"])
    assert Essay.objects.get().title == "社区群众工作的几点做法"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\x01\x02binary\x00", "不是文本文件"),
        (b"   \n\n  ", "没有正文"),
        (b"abc def ghi jkl mno pqr stu vwx yz " * 20, "乱码"),
    ],
    ids=["binary", "empty", "garbled"],
)
def test_a_bad_file_gets_a_clear_error_and_nothing_is_kept(
    editor_client, content, reason
):
    response = upload(editor_client, content, "bad.txt")
    assert response.status_code == 200
    html = response.content.decode()
    assert "无法导入 bad.txt" in html and reason in html
    assert not ImportUpload.objects.exists()


def test_an_oversize_file_is_refused_before_it_is_read(editor_client):
    response = upload(editor_client, b"a" * (MAX_BYTES + 1), "big.txt")
    assert response.status_code == 200
    assert "超过 5 MiB" in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_an_empty_form_asks_for_a_file_or_text(editor_client):
    assert "请选择一个文件" in editor_client.post(IMPORT, {}).content.decode()


def test_an_unchanged_document_says_so_and_offers_no_import(
    editor_client, imported_corpus
):
    html = editor_client.get(
        staged(editor_client, BUNDLED.read_bytes(), "same.txt")
    ).content.decode()
    assert "完全相同，无需再导入" in html
    assert 'name="confirm"' not in html


def test_a_changed_version_offers_replace_and_undo_brings_the_old_one_back(
    editor_client, editor
):
    confirm(editor_client, staged(editor_client))
    essay = Essay.objects.get()
    kept_point = Point.objects.get(title="建立民情台账。")
    changed = COMMUNITY.replace("建立民情台账。", "建立民情日志。").replace(
        "（三）公开办理结果。议定事项的办理进度和结果在公开栏和微信群及时公布。", ""
    )
    preview_url = staged(editor_client, changed.encode(), "shequ-v2.txt")
    html = editor_client.get(preview_url).content.decode()
    assert "另一个版本" in html and "确认替换已有版本" in html
    confirm(editor_client, preview_url, replace="on")
    assert Essay.objects.get().pk == essay.pk
    assert Point.objects.count() == 4
    assert Point.objects.get(pk=kept_point.pk).title == "建立民情日志。"
    replaced = ImportUpload.objects.get(filename="shequ-v2.txt")
    assert replaced.outcome == "replaced" and replaced.snapshot

    undo = reverse("admin:essays_import_undo", args=[replaced.pk])
    assert "恢复到这次替换之前" in editor_client.get(undo).content.decode()
    editor_client.post(undo)
    assert Point.objects.count() == 5
    assert Point.objects.get(pk=kept_point.pk).title == "建立民情台账。"
    assert Point.objects.filter(title="公开办理结果。").exists()
    replaced.refresh_from_db()
    assert replaced.status == ImportUpload.Status.UNDONE


def test_undoing_a_new_import_removes_the_whole_tree_and_history_can_recover_it(
    editor_client, admin_client
):
    confirm(editor_client, staged(editor_client))
    record = ImportUpload.objects.get()
    editor_client.post(reverse("admin:essays_import_undo", args=[record.pk]))
    assert not Collection.objects.exists() and not Point.objects.exists()
    deleted = Version.objects.get_deleted(Collection).get()
    # The editor finds it where the undo page says: 汇编 › 恢复已删除.
    changelist = editor_client.get(reverse("admin:essays_collection_changelist"))
    recover_list = reverse("admin:essays_collection_recoverlist")
    assert recover_list in changelist.content.decode()
    listing = editor_client.get(recover_list)
    assert (
        listing.status_code == 200 and deleted.object_repr in listing.content.decode()
    )
    recover = reverse("admin:essays_collection_recover", args=[deleted.pk])
    assert editor_client.get(recover).status_code == 200
    editor_client.post(recover)
    assert Point.objects.count() == 5 and Essay.objects.count() == 1


def test_an_essay_of_a_deleted_collection_cannot_be_recovered_alone(
    editor_client, admin_client
):
    confirm(editor_client, staged(editor_client))
    record = ImportUpload.objects.get()
    editor_client.post(reverse("admin:essays_import_undo", args=[record.pk]))
    deleted = Version.objects.get_deleted(Essay).get()
    recover = reverse("admin:essays_essay_recover", args=[deleted.pk])
    response = admin_client.post(recover, follow=True)
    assert response.status_code == 200
    assert "它所属的汇编已被删除" in response.content.decode()
    assert not Essay.objects.exists()


def test_watermark_words_are_stored_and_the_preview_runs_again_without_them(
    editor_client,
):
    preview_url = staged(editor_client)
    assert WATERMARK in editor_client.get(preview_url).content.decode()
    response = editor_client.post(
        preview_url,
        {"add_watermarks": "1", "wm-words": WATERMARK, "wm-note": "青松网"},
    )
    assert response.status_code == 302
    assert WatermarkWord.objects.get().word == WATERMARK
    html = editor_client.get(preview_url).content.decode()
    assert "预览已重新生成" in html
    confirm(editor_client, preview_url)
    assert WATERMARK not in Point.objects.get(title="推行民主评议。").body


def test_a_preview_that_changed_before_confirming_is_not_stored(editor_client):
    preview_url = staged(editor_client)
    html = editor_client.get(preview_url).content.decode()
    WatermarkWord.objects.create(word=WATERMARK)  # e.g. in another tab
    response = editor_client.post(
        preview_url, {"confirm": "1", "fingerprint": fingerprint(html)}
    )
    assert "预览已经变化" in response.content.decode()
    assert not Essay.objects.exists()


def test_confirming_twice_imports_once(editor_client):
    preview_url = staged(editor_client)
    html = editor_client.get(preview_url).content.decode()
    data = {"confirm": "1", "fingerprint": fingerprint(html)}
    editor_client.post(preview_url, data)
    second = editor_client.post(preview_url, data)
    assert second.status_code == 200
    assert Essay.objects.count() == 1


def test_another_editors_staged_upload_is_not_theirs_to_confirm(
    editor_client, publisher_client
):
    preview_url = staged(editor_client)
    assert publisher_client.get(preview_url).status_code == 403
