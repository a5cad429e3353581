"""An editor in Chromium pastes a whole document into the import page."""

import pytest

from essays.forms import PASTED
from essays.models import Collection, Essay, Point
from tests.admin.conftest import member
from tests.browser.test_editor_journey import log_in
from tests.conftest import BUNDLED


@pytest.fixture
def editor(transactional_db):
    return member("editor", "editor")


def test_pasted_document_is_previewed_and_imported(
    browser, live_server, editor, artifacts
):
    base = live_server.url
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
    page.screenshot(path=artifacts / "admin-paste-empty.png", full_page=True)

    # Both filled: one Chinese error, nothing staged.
    text = BUNDLED.read_text(encoding="utf-8")
    page.locator("#id_text").fill(text)
    page.locator("#id_file").set_input_files(BUNDLED)
    page.get_by_role("button", name="预览").click()
    page.wait_for_load_state()
    assert "请只选一种" in page.locator(".errorlist").inner_text()
    page.screenshot(path=artifacts / "admin-paste-both-refused.png", full_page=True)

    # The text box keeps what was pasted; the file input is empty again.
    assert page.locator("#id_text").input_value().strip() == text.strip()
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/import/*/")
    content = page.locator("#content").inner_text()
    assert "如何做好新时期的基层党群工作" in content
    assert Essay.objects.count() == 0  # nothing stored before confirming
    page.screenshot(path=artifacts / "admin-paste-preview.png", full_page=True)

    page.get_by_role("button", name="确认导入（存为草稿）").click()
    page.wait_for_url("**/essays/essay/?collection__id__exact=*")
    assert "已导入" in page.locator(".messagelist").inner_text()
    page.screenshot(path=artifacts / "admin-paste-imported.png", full_page=True)

    collection = Collection.objects.get()
    assert collection.source_path == PASTED
    assert Essay.objects.filter(collection=collection).count() == 5
    assert Point.objects.count() == 83  # as the same text imported as a file
    assert errors == []
    context.close()
