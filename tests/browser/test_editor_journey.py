"""An editor in Chromium imports, fixes and reorders; a publisher publishes."""

import re

import pytest

from essays.models import Essay, Point
from tests.admin.conftest import PASSWORD, member
from tests.admin.documents import COMMUNITY


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{base}/admin/")


def log_out(page) -> None:
    page.locator("#logout-form button").click()
    page.wait_for_url("**/logout/")


@pytest.fixture
def people(transactional_db):
    return member("editor", "editor"), member("publisher", "publisher")


def test_editor_journey(browser, live_server, people, artifacts, tmp_path):
    base = live_server.url
    # The site speaks Chinese whatever the browser asks (tests/admin/test_language).
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    log_in(page, base, "editor")
    page.get_by_role("link", name="汇编").first.click()
    page.get_by_role("link", name="导入文档").first.click()
    document = tmp_path / "shequ-qunzhong.txt"
    document.write_text(COMMUNITY, encoding="utf-8")
    page.locator("#id_file").set_input_files(document)
    page.screenshot(path=artifacts / "admin-import-form.png", full_page=True)
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/import/*/")
    assert "第 1 篇：社区群众工作的几点做法" in page.locator("#content").inner_text()
    assert Essay.objects.count() == 0  # nothing stored before confirming
    page.screenshot(path=artifacts / "admin-import-preview.png", full_page=True)

    page.get_by_role("button", name="确认导入（存为草稿）").click()
    page.wait_for_url("**/essays/essay/?collection__id__exact=*")
    assert (
        "已导入《社区群众工作的几点做法》" in page.locator(".messagelist").inner_text()
    )
    page.screenshot(path=artifacts / "admin-essay-list.png", full_page=True)
    essay = Essay.objects.get()
    assert essay.status == Essay.Status.DRAFT

    page.get_by_role("link", name="社区群众工作的几点做法").first.click()
    page.wait_for_url(re.compile(rf"/admin/essays/essay/{essay.pk}/change/"))
    page.screenshot(path=artifacts / "admin-essay-change.png", full_page=True)
    page.locator("#outline").get_by_role("link", name="（二）建立民情台账。").click()
    page.wait_for_url(re.compile(r"/admin/essays/point/\d+/change/"))
    page.locator("#id_title").fill("建立民情台账,做到一户一档。")
    page.screenshot(path=artifacts / "admin-point-change.png", full_page=True)
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/essays/point/")

    page.goto(f"{base}/admin/essays/essay/{essay.pk}/change/")
    page.get_by_role("button", name="下移 （一）搭建居民议事平台。").click()
    page.wait_for_url("**#outline")
    assert "下移" in page.locator(".messagelist").inner_text()
    page.locator("#outline").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "admin-outline-after-move.png")
    moved = Point.objects.get(title="搭建居民议事平台。")
    assert (moved.position, moved.label) == (2, "（二）")

    preview = context.new_page()  # the same session: staff see drafts
    preview.goto(f"{base}{essay.get_absolute_url()}")
    assert "草稿预览" in preview.locator(".draft-banner").inner_text()
    preview.close()

    log_out(page)
    log_in(page, base, "publisher")
    page.goto(f"{base}/admin/essays/essay/")
    page.locator(f"input[name=_selected_action][value='{essay.pk}']").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    page.wait_for_url("**/admin/essays/essay/")
    assert "已发布 1 篇文章" in page.locator(".messagelist").inner_text()
    page.screenshot(path=artifacts / "admin-published.png", full_page=True)
    log_out(page)

    page.goto(f"{base}{essay.get_absolute_url()}")
    text = page.locator("main").inner_text()
    assert "建立民情台账，做到一户一档。" in text  # shown with Chinese punctuation
    assert text.index("推行民主评议") < text.index("搭建居民议事平台")
    assert page.locator(".draft-banner").count() == 0
    page.screenshot(path=artifacts / "admin-public-essay.png", full_page=True)
    assert not errors, errors
    context.close()
