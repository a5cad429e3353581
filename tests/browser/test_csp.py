"""Every page type keeps to the Content-Security-Policy in Chromium (issue 14, 7).

An init script records each `securitypolicyviolation` event before any page
script runs; the console's "Content Security Policy" lines are kept too, as a
violation in a page's first bytes may come before the listener.
"""

import re

import pytest

from essays.models import Essay, Point
from essays.selectors import topics_with_counts
from tests.admin.conftest import PASSWORD
from tests.admin.documents import COMMUNITY

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : "")
  );
});
"""


class Watch:
    """A page whose CSP violations, console and page errors are collected."""

    def __init__(self, context, base: str) -> None:
        self.base = base
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))

    def console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(f"{self.page.url}: console: {message.text}")

    def collect(self) -> None:
        """Keep the violations the current document has recorded so far."""
        self.page.wait_for_load_state("load")
        found = self.page.evaluate("window.__cspViolations || []")
        self.problems += [f"{self.page.url}: {entry}" for entry in found]

    def visit(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status < 500, path
        self.collect()


@pytest.fixture
def boss(transactional_db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("boss", password=PASSWORD)


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def test_public_pages_keep_to_the_policy(context, live_server, live_corpus, artifacts):
    watch = Watch(context, live_server.url)
    essays = list(Essay.objects.published().order_by("pk")[:2])
    point = Point.objects.filter(essay=essays[0]).first()
    topic = topics_with_counts().first()
    paths = [
        "/",
        "/essays/",
        essays[0].get_absolute_url(),
        f"/points/{point.pk}/",
        "/topics/",
        f"/topics/{topic.slug}/",
        "/guidance/suggestions/",
        "/compare/",
        f"/compare/?essays={essays[0].slug},{essays[1].slug}",
        "/search/?q=统战工作",
        "/no-such-page/",
    ]
    for path in paths:
        watch.visit(path)
        if path.startswith("/compare/?"):
            watch.page.screenshot(path=artifacts / "csp-compare.png", full_page=True)
    watch.visit(essays[0].get_absolute_url())
    watch.page.screenshot(path=artifacts / "csp-essay.png")
    watch.visit("/compare/")
    watch.page.locator("input[name=pick]").nth(0).check()
    watch.page.locator("input[name=pick]").nth(1).check()
    watch.page.locator("#compare-form button[type=submit]").click()
    watch.page.wait_for_url("**/compare/?essays=*")
    watch.collect()
    assert watch.page.locator(".compare-grid.columns-2").count() == 1

    watch.page.goto(f"{live_server.url}/api/v1/docs")
    watch.page.get_by_text("List essays").first.wait_for()
    watch.page.locator(".opblock-summary").first.click()
    watch.collect()
    watch.page.screenshot(path=artifacts / "csp-api-docs.png")
    assert not watch.problems, "\n".join(watch.problems)


def test_admin_editing_journey_keeps_to_the_policy(
    context, live_server, live_corpus, boss, artifacts, tmp_path
):
    watch = Watch(context, live_server.url)
    page = watch.page
    watch.visit("/admin/login/?next=/admin/")
    page.locator("#id_username").fill("boss")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    watch.collect()

    essay = Essay.objects.published().order_by("pk").first()
    for path in [
        "/admin/essays/essay/",
        "/admin/essays/collection/",
        "/admin/essays/point/",
        "/admin/essays/essay/recover/",
        "/admin/auth/user/",
    ]:
        watch.visit(path)

    watch.visit("/admin/essays/collection/import/")
    document = tmp_path / "shequ-qunzhong.txt"
    document.write_text(COMMUNITY, encoding="utf-8")
    page.locator("#id_file").set_input_files(document)
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/import/*/")
    watch.collect()

    watch.visit(f"/admin/essays/essay/{essay.pk}/change/")
    page.screenshot(path=artifacts / "csp-admin-essay-change.png")
    page.locator("#id_title").fill(f"{essay.title}（修订）")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/essays/essay/(\?.*)?$"))
    watch.collect()
    assert "成功修改" in page.locator(".messagelist").inner_text()
    assert Essay.objects.get(pk=essay.pk).title.endswith("（修订）")

    watch.visit(f"/admin/essays/essay/{essay.pk}/history/")
    page.locator("#change-history a").first.click()
    page.wait_for_load_state("load")
    watch.collect()
    point = Point.objects.filter(essay=essay).first()
    watch.visit(f"/admin/essays/point/{point.pk}/change/")
    watch.visit(f"/admin/essays/section/{point.section_id}/change/")
    page.locator(".inline-group").first.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "csp-admin-section-inlines.png")
    watch.visit("/admin/essays/essay/add/")
    assert not watch.problems, "\n".join(watch.problems)


def test_lockout_page_keeps_to_the_policy(context, live_server, boss, artifacts):
    watch = Watch(context, live_server.url)
    page = watch.page
    for _ in range(5):
        watch.visit("/admin/login/?next=/admin/")
        page.locator("#id_username").fill("boss")
        page.locator("#id_password").fill("wrong-password")
        page.locator("input[type=submit]").click()
        page.wait_for_load_state("load")
        watch.collect()
    assert "登录已暂停" in page.locator("#content").inner_text()
    page.screenshot(path=artifacts / "csp-admin-locked-out.png")
    assert not watch.problems, "\n".join(watch.problems)
