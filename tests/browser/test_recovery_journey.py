"""Journey 3 of issue 15: undo an import, recover it, lose none of the later work."""

import re

import pytest

from essays.models import Collection, Essay, ImportUpload, Point
from essays.services import ordering, topics
from essays.services.recording import ADMIN
from tests.admin.conftest import member
from tests.admin.documents import COMMUNITY
from tests.browser.test_editor_journey import log_in


@pytest.fixture
def publisher(transactional_db):
    return member("publisher", "publisher")


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_recovering_an_undone_import_keeps_later_work(
    browser, live_server, publisher, artifacts, tmp_path
):
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "publisher")

    # Import through the admin, then work on it: a fix on the point's page,
    # a move, topics and publishing.
    page.goto(f"{base}/admin/essays/collection/import/")
    document = tmp_path / "shequ-qunzhong.txt"
    document.write_text(COMMUNITY, encoding="utf-8")
    page.locator("#id_file").set_input_files(document)
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/import/*/")
    page.locator("#kb-confirm input[name=confirm]").click()
    page.wait_for_url("**/essays/essay/?collection__id__exact=*")
    point = Point.objects.get(title="建立民情台账。")
    page.goto(f"{base}/admin/essays/point/{point.pk}/change/")
    page.locator("#id_title").fill("建立民情台账,做到一户一档。")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/essays/point/")
    moved = Point.objects.get(title="搭建居民议事平台。")
    ordering.move(moved, position=3, actor=publisher, channel=ADMIN)
    topics.set_topics(point, ["民情台账"], actor=publisher, channel=ADMIN)
    page.goto(f"{base}/admin/essays/essay/")
    essay = Essay.objects.get()
    page.locator(f"input[name=_selected_action][value='{essay.pk}']").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    page.wait_for_url("**/admin/essays/essay/")

    # The import records at 1280 px: 撤销导入 is in view, clear of the filters.
    page.goto(f"{base}/admin/essays/importupload/")
    undo = page.get_by_role("link", name="撤销导入")
    filters = page.locator("#changelist-filter")
    assert undo.is_visible()
    box = undo.bounding_box()
    assert box["x"] + box["width"] <= 1280
    assert not overlaps(box, filters.bounding_box())
    page.screenshot(path=artifacts / "recovery-1-import-records.png", full_page=True)
    undo.click()
    page.wait_for_url("**/undo/")
    page.get_by_role("button", name="确认撤销导入").click()
    page.wait_for_url("**/admin/essays/importupload/")
    assert not Collection.objects.exists()

    # The record page offers 恢复; the plan lists the later work.
    record = ImportUpload.objects.get()
    page.goto(f"{base}/admin/essays/importupload/{record.pk}/change/")
    page.screenshot(path=artifacts / "recovery-2-record-page.png", full_page=True)
    page.get_by_role("link", name="恢复", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/essays/collection/import/\d+/recover/"))
    steps = page.locator(".kb-steps tbody tr")
    assert steps.count() == 4
    assert page.locator(".kb-steps").inner_text().count("重新应用") == 4
    page.screenshot(path=artifacts / "recovery-3-plan.png", full_page=True)
    page.get_by_role("button", name="恢复汇编及之后的修改").click()
    page.wait_for_url("**/essays/essay/?collection__id__exact=*")
    message = page.locator(".messagelist").inner_text()
    assert "已恢复汇编" in message and "4 次修改" in message
    page.screenshot(path=artifacts / "recovery-4-recovered.png", full_page=True)

    # Nothing lost.
    point = Point.objects.get(pk=point.pk)
    assert point.title == "建立民情台账,做到一户一档。"
    assert list(point.topics.names()) == ["民情台账"]
    assert Point.objects.get(pk=moved.pk).position == 3
    assert Essay.objects.get().status == Essay.Status.PUBLISHED
    page.goto(f"{base}{essay.get_absolute_url()}")
    # Public pages show full-width punctuation (decisions.md, "Typography").
    assert "建立民情台账，做到一户一档。" in page.locator("main").inner_text()
    assert not errors, errors
    context.close()
