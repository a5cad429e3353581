"""Chromium: restructure without retyping, and no unsaved edit lost (issue 15)."""

import re

import pytest

from essays.models import Collection, Essay, Point, Section
from essays.services.labels import relabel
from tests.admin.conftest import member
from tests.browser.test_editor_journey import log_in
from tests.services.test_restructuring import build

NUMERALS = "一二三四五"


@pytest.fixture
def editor(transactional_db):
    return member("editor", "editor")


@pytest.fixture
def mis_parsed(transactional_db) -> Essay:
    """Five suggestions parsed as five sections of category 其他."""
    collection = Collection.objects.create(title="示例汇编", sha256="e" * 64)
    essay = Essay.objects.create(
        collection=collection, position=1, title="关于基层工作的几点建议", slug="jidian"
    )
    build(
        essay,
        [("一、", "几点建议", "结合实际，提出以下五点建议：", [])]
        + [
            (
                f"{n}、",
                f"建议{n}：抓好第{n}项工作",
                f"第{n}项工作的做法。\n第{n}项工作的要求。",
                [("1.", f"第{n}项的细则", "", [])] if n == "三" else [],
            )
            for n in NUMERALS
        ],
    )
    return essay


def open_page(browser, live_server, username: str):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, username)
    return context, page, errors


def node(page, title: str):
    """The tree page's item for the stored section or point titled `title`."""
    section = Section.objects.filter(title=title).first()
    key = f"s{section.pk}" if section else f"p{Point.objects.get(title=title).pk}"
    return page.locator(f"li.kb-tn[data-key='{key}']")


def test_five_sections_become_the_points_of_one(
    browser, live_server, editor, mis_parsed, artifacts
):
    context, page, errors = open_page(browser, live_server, "editor")
    base = live_server.url
    page.goto(f"{base}/admin/essays/essay/{mis_parsed.pk}/change/")
    page.get_by_role("link", name=re.compile("结构编辑")).click()
    page.wait_for_url(f"**/essays/essay/{mis_parsed.pk}/tree/")
    page.screenshot(path=artifacts / "admin-tree-before.png", full_page=True)

    # The first by dragging onto the heading's (empty) list of points.
    first = node(page, "建议一：抓好第一项工作")
    heading = node(page, "几点建议")
    first.locator(".kb-tn-handle").first.hover()
    page.mouse.down()
    box = heading.locator("> ol.kb-tree-list").bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 30, steps=6)
    page.mouse.move(box["x"] + 40, box["y"] + box["height"] / 2, steps=12)
    page.mouse.up()
    status = page.locator("#tree-status").inner_text()
    assert "已把“一、建议一" in status and "几点建议”之下第 1 条" in status, status
    assert heading.locator("li.kb-tn").count() == 1

    # The second with the keyboard: focus it, Alt+→ makes it the heading's point.
    second = node(page, "建议二：抓好第二项工作")
    second.focus()
    page.keyboard.press("Alt+ArrowRight")
    status = page.locator("#tree-status").inner_text()
    assert "已把“二、建议二" in status and "几点建议" in status, status
    # The rest with the → buttons.
    for n in "三四五":
        node(page, f"建议{n}：抓好第{n}项工作").locator(
            "> .kb-tn-row button[data-op=indent]"
        ).click()
    assert page.locator("#tree-state").inner_text() == "有未保存的修改"
    assert heading.locator("> ol > li.kb-tn").count() == 5
    third = node(page, "建议三：抓好第三项工作")
    assert third.get_attribute("aria-level") == "2"
    assert third.locator("li.kb-tn").count() == 1  # its point, now a sub-point

    # Renumber the new list as （一）（二）…, with one of its points selected.
    second = node(page, "建议二：抓好第二项工作")
    second.focus()
    page.locator("#tree-style").select_option("（一）")
    page.get_by_role("button", name="给所选条目这一组重新编号").click()
    labels = heading.locator("> ol > li.kb-tn > .kb-tn-row input.kb-tn-label")
    assert [labels.nth(i).input_value() for i in range(5)] == [
        f"（{n}）" for n in NUMERALS
    ]
    # A title edited inline.
    title = heading.locator("> .kb-tn-row input.kb-tn-title")
    title.fill("几点建议（五条）")
    page.screenshot(path=artifacts / "admin-tree-edited.png", full_page=True)

    page.get_by_role("button", name="保存全部修改").click()
    page.wait_for_selector(".messagelist")
    assert "已保存。结构编辑" in page.locator(".messagelist").inner_text()
    page.screenshot(path=artifacts / "admin-tree-saved.png", full_page=True)

    section = Section.objects.get(essay=mis_parsed)
    assert (section.title, section.body) == (
        "几点建议（五条）",
        "结合实际，提出以下五点建议：",
    )
    points = list(section.points.filter(parent=None).order_by("position"))
    assert [(p.label, p.title) for p in points] == [
        (f"（{n}）", f"建议{n}：抓好第{n}项工作") for n in NUMERALS
    ]
    assert points[0].body == "第一项工作的做法。\n第一项工作的要求。"
    assert list(points[2].children.values_list("title", flat=True)) == ["第三项的细则"]
    assert not errors, errors
    context.close()


def test_a_stale_save_is_refused_and_the_page_keeps_the_work(
    browser, live_server, editor, mis_parsed, artifacts
):
    context, page, errors = open_page(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/essays/essay/{mis_parsed.pk}/tree/")
    node(page, "建议二：抓好第二项工作").focus()
    page.keyboard.press("Alt+ArrowUp")
    Section.objects.filter(essay=mis_parsed, position=6).update(title="另一位编辑改的")
    before = list(
        Section.objects.filter(essay=mis_parsed).values_list("pk", "position")
    )
    page.get_by_role("button", name="保存全部修改").click()
    error = page.locator("#tree-error")
    error.wait_for(state="visible")
    assert "已被别人" in error.inner_text()
    assert page.locator("#tree-state").inner_text() == "有未保存的修改"
    assert (
        list(Section.objects.filter(essay=mis_parsed).values_list("pk", "position"))
        == before
    )
    page.screenshot(path=artifacts / "admin-tree-stale.png")
    # The console's 409 line is the refused request itself, not a script error.
    assert not [e for e in errors if "409" not in e], errors
    context.close()


def test_an_edit_then_a_move_keeps_the_edit(
    browser, live_server, editor, mis_parsed, artifacts
):
    point = Point.objects.get(title="第三项的细则")
    Point.objects.create(
        essay=mis_parsed,
        section=point.section,
        position=2,
        number=2,
        label="2.",
        title="第二条",
    )
    context, page, errors = open_page(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/essays/essay/{mis_parsed.pk}/change/")
    page.locator("#id_author").fill("李四")
    page.get_by_role("button", name="上移 2.第二条").click()
    dialog = page.locator("dialog.kb-unsaved")
    dialog.wait_for(state="visible")
    assert "未保存的修改" in dialog.inner_text()
    page.screenshot(path=artifacts / "admin-unsaved-warning.png")
    dialog.get_by_role("button", name="保存修改后再移动").click()
    page.wait_for_url("**#outline")
    messages = page.locator(".messagelist").inner_text()
    assert "上移" in messages
    mis_parsed.refresh_from_db()
    assert mis_parsed.author == "李四"
    moved = Point.objects.get(title="第二条")
    assert (moved.position, moved.label) == (1, "1.")  # relabelled, as asked
    assert page.locator("#id_author").input_value() == "李四"
    page.locator("#outline").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "admin-unsaved-saved-then-moved.png")

    # Without edits a move goes straight through, with no question.
    page.get_by_role("button", name=re.compile("下移 .*第二条")).click()
    page.wait_for_url("**#outline")
    assert page.locator("dialog.kb-unsaved").count() == 0
    assert not errors, errors
    context.close()


def test_split_and_merge_without_retyping_and_a_warning_before_leaving(
    browser, live_server, editor, mis_parsed, artifacts
):
    context, page, errors = open_page(browser, live_server, "editor")
    url = f"{live_server.url}/admin/essays/essay/{mis_parsed.pk}/tree/"
    page.goto(url)
    first = node(page, "建议一：抓好第一项工作")
    first.locator("> details > summary").click()
    first.get_by_role("button", name="从此段拆分").nth(1).click()
    assert "已从第 2 段拆分" in page.locator("#tree-status").inner_text()
    new = first.locator("xpath=following-sibling::li[1]")
    assert new.locator("input.kb-tn-title").first.input_value() == "第一项工作的要求。"

    # Leaving with unsaved changes asks first (the browser's own question).
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="返回文章页").click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"] and page.url == url

    node(page, "建议五：抓好第五项工作").locator(
        "> .kb-tn-row button[data-op=merge]"
    ).click()
    page.screenshot(path=artifacts / "admin-tree-split-merge.png", full_page=True)
    page.get_by_role("button", name="保存全部修改").click()
    page.wait_for_selector(".messagelist")
    assert "合并 1 处" in page.locator(".messagelist").inner_text()

    titles = list(
        Section.objects.filter(essay=mis_parsed)
        .order_by("position")
        .values_list("title", "body")
    )
    assert titles[1:3] == [
        ("建议一：抓好第一项工作", "第一项工作的做法。"),
        ("第一项工作的要求。", ""),
    ]
    assert titles[-1] == (
        "建议四：抓好第四项工作",
        "第四项工作的做法。\n第四项工作的要求。\n五、建议五：抓好第五项工作\n"
        "第五项工作的做法。\n第五项工作的要求。",
    )
    assert not errors, errors
    context.close()


LABELS = [
    "第一,",
    "（三）",
    "(3)",
    "1.",
    "12、",
    "３．",
    "一是",
    "第十一部分:",
    "拾贰、",
]


def test_the_page_relabels_as_the_service_does(
    browser, live_server, editor, mis_parsed
):
    context, page, errors = open_page(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/essays/essay/{mis_parsed.pk}/tree/")
    for label in LABELS:
        for number in (1, 2, 10, 11, 20, 105):
            written = page.evaluate(
                "([label, number]) => window.kbLabels.relabel(label, number)",
                [label, number],
            )
            assert written == relabel(label, number), (label, number)
    assert not errors, errors
    context.close()


def test_a_move_keeps_the_numbers_in_order_unless_asked_not_to(
    browser, live_server, editor, mis_parsed
):
    """A newcomer moved （一） below （二） and published 二 before 一 (review)."""
    context, page, errors = open_page(browser, live_server, "editor")
    page.goto(f"{live_server.url}/admin/essays/essay/{mis_parsed.pk}/tree/")
    labels = page.locator("#tree-root > li.kb-tn > .kb-tn-row input.kb-tn-label")
    assert page.locator("#tree-autonumber").is_checked()
    node(page, "建议一：抓好第一项工作").locator(
        "> .kb-tn-row button[data-op=down]"
    ).click()
    assert labels.evaluate_all("items => items.map(i => i.value)") == [
        "一、", "二、", "三、", "四、", "五、", "六、",
    ]  # fmt: skip
    page.locator("#tree-autonumber").uncheck()
    node(page, "建议一：抓好第一项工作").locator(
        "> .kb-tn-row button[data-op=down]"
    ).click()
    assert labels.evaluate_all("items => items.map(i => i.value)") == [
        "一、", "二、", "四、", "三、", "五、", "六、",
    ]  # fmt: skip
    page.get_by_role("button", name="保存全部修改").click()
    page.wait_for_selector(".messagelist")
    titles = list(
        Section.objects.filter(essay=mis_parsed)
        .order_by("position")
        .values_list("label", "title")
    )
    assert titles[:4] == [
        ("一、", "几点建议"),
        ("二、", "建议二：抓好第二项工作"),
        ("四、", "建议三：抓好第三项工作"),
        ("三、", "建议一：抓好第一项工作"),
    ]
    assert not errors, errors
    context.close()
