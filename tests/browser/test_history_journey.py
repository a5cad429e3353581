"""Journey 4 of issue 15: an essay's history shows a topic change as a change."""

import re

import pytest

from essays.models import Essay, Point
from essays.services import imports, topics
from essays.services.recording import ADMIN
from tests.admin.conftest import member
from tests.admin.documents import COMMUNITY
from tests.browser.test_editor_journey import log_in


@pytest.fixture
def editor(transactional_db):
    return member("editor", "editor")


def test_an_essays_history_reads_as_what_changed(
    browser, live_server, editor, artifacts
):
    imports.import_document(
        COMMUNITY.encode(), filename="shequ.txt", actor=editor, channel=ADMIN
    )
    essay = Essay.objects.get()
    point = Point.objects.get(title="推行民主评议。")
    topics.set_topics(point, ["民主评议", "网格化"], actor=editor, channel=ADMIN)
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "editor")
    # The home page in the order of an editor's day (issue 15, item 6).
    rows = page.locator("#content-main th[scope=row]")
    assert rows.nth(0).inner_text() == "导入文档"
    assert rows.nth(1).inner_text() == "文章"
    page.screenshot(path=artifacts / "history-0-home.png", full_page=True)

    # A topic change made on the point's own page.
    page.goto(f"{base}/admin/essays/point/{point.pk}/change/")
    page.locator("#id_title").fill("推行民主评议,结果公开。")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/essays/point/")
    topics.set_topics(point, ["民主评议"], actor=editor, channel=ADMIN)

    page.goto(f"{base}/admin/essays/essay/{essay.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 4  # topics, the title, topics, the import
    newest = rows.nth(0).inner_text()
    assert "主题：民主评议、网格化 → 民主评议" in newest
    assert "相同" not in newest
    assert "标题：推行民主评议。 → 推行民主评议,结果公开。" in rows.nth(1).inner_text()
    # Dates on one line, to the minute.
    when = rows.nth(0).locator(".kb-when")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", when.inner_text())
    lines = when.evaluate("node => node.getClientRects().length")
    height = when.evaluate("node => node.firstElementChild.getClientRects().length")
    assert lines == 1 and height == 1
    page.screenshot(path=artifacts / "history-1-essay.png", full_page=True)

    # The newest row opens the point's version: what changed, what a restore
    # brings back shown as inserted text.
    when.locator("a").click()
    page.wait_for_url(re.compile(r"/admin/essays/point/\d+/history/\d+/"))
    text = page.locator("#content-main").inner_text()
    assert "这次修改改了什么" in text and "民主评议、网格化 → 民主评议" in text
    page.screenshot(path=artifacts / "history-2-version.png", full_page=True)
    older = Point.objects.get(pk=point.pk)
    assert sorted(older.topics.names()) == ["民主评议"]
    assert not errors, errors
    context.close()
