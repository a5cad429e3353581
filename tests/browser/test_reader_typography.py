"""The outline marks the part being read; pages show Chinese punctuation."""

import re

import pytest

from essays.models import Essay, Point

HAN = "[\u4e00-\u9fff]"
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}


def current(page) -> list[str]:
    return page.eval_on_selector_all(
        ".outline a[aria-current]", "links => links.map(a => a.getAttribute('href'))"
    )


@pytest.mark.parametrize("device", WIDTHS)
def test_outline_marks_the_point_jumped_to(
    browser, live_server, live_corpus, artifacts, device
):
    width, height = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    first = Point.objects.get(
        essay__collection=live_corpus, label="一要", section__position=2
    )
    anchor = f"#s{first.section.position}-p{first.position}"
    second = f"#s{first.section.position}-p{first.position + 1}"
    page.goto(live_server.url + first.essay.get_absolute_url())
    outline = page.locator(".outline")
    if outline.locator("details").get_attribute("open") is None:  # phones
        outline.locator("summary").click()
    outline.locator(f"a[href='{anchor}']").click()
    page.wait_for_url(f"**{anchor}")
    page.wait_for_function(
        "href => document.querySelector(`.outline a[href='${href}']`)"
        ".hasAttribute('aria-current')",
        arg=anchor,
    )
    assert current(page) == [anchor]  # 一要, not the 二要 showing below it
    box = page.locator(second).bounding_box()
    assert box["y"] < height  # 二要 is on screen too: the case that went wrong
    page.screenshot(path=artifacts / f"reader-outline-jump-{device}.png")

    # Reading on: once 二要 reaches the top, it is marked instead.
    page.evaluate(f"document.querySelector('{second}').scrollIntoView()")
    page.wait_for_function(
        "href => document.querySelector(`.outline a[href='${href}']`)"
        ".hasAttribute('aria-current')",
        arg=second,
    )
    assert current(page) == [second]

    # The last part can never reach the top: jumped to, it is still marked.
    last = page.eval_on_selector_all(
        ".outline a[href^='#']", "links => links[links.length - 1].getAttribute('href')"
    )
    page.goto(live_server.url + first.essay.get_absolute_url() + last)
    page.wait_for_function(
        "href => document.querySelector(`.outline a[href='${href}']`)"
        ".hasAttribute('aria-current')",
        arg=last,
    )
    assert current(page) == [last]
    page.close()


def test_reference_essay_text_has_no_ascii_punctuation_between_chinese(
    browser, live_server, live_corpus, artifacts
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for essay in Essay.objects.filter(collection=live_corpus):
        page.goto(live_server.url + essay.get_absolute_url())
        text = page.locator("body").inner_text()
        found = re.findall(f"{HAN}[,:;?()]{HAN}", text)
        assert not found, (essay.title, found)
        assert "，" in text and "（无标题）" not in text
    page.screenshot(path=artifacts / "reader-typography-desktop.png")
    page.close()
