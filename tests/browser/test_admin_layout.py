"""The admin's change pages in Chromium: nothing drawn over anything else."""

from essays.models import Point
from tests.admin.conftest import member
from tests.browser.test_editor_journey import log_in
from tests.browser.test_recovery_journey import overlaps


def test_a_long_title_does_not_run_under_the_change_pages_tools(
    browser, live_server, live_corpus, artifacts
):
    member("editor", "editor")
    point = max(Point.objects.all(), key=lambda point: len(point.title))
    assert len(point.title) > 80  # three lines of the subtitle at this width
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}/admin/essays/point/{point.pk}/change/")
    subtitle = page.locator("#content > h2").bounding_box()
    tools = page.locator(".object-tools").bounding_box()
    page.screenshot(path=artifacts / "admin-point-long-title.png", full_page=True)
    assert subtitle is not None and tools is not None
    assert not overlaps(subtitle, tools)
    assert "历史" in page.locator(".object-tools").inner_text()
    context.close()
