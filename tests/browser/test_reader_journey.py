"""A reader in Chromium: home -> topic -> essay -> outline -> point -> search."""

import pytest

from essays.models import Essay, Point

WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


@pytest.mark.parametrize("device", WIDTHS)
def test_reader_journey(browser, live_server, live_corpus, artifacts, device):
    width, height = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/")
    assert page.locator("h1").first.inner_text() == "基层工作知识库"
    page.screenshot(path=artifacts / f"home-{device}.png", full_page=True)

    page.get_by_role("link", name="统战工作").first.click()
    page.wait_for_url("**/topics/tong-zhan-gong-zuo/")
    assert page.locator("h1").inner_text() == "统战工作"
    page.screenshot(path=artifacts / f"topic-{device}.png", full_page=True)

    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    page.get_by_role("link", name=essay.title).first.click()
    page.wait_for_url(f"**{essay.get_absolute_url()}")
    assert page.locator("h1").inner_text() == essay.title
    page.screenshot(path=artifacts / f"essay-{device}.png")

    outline = page.locator(".outline")
    if outline.locator("details").get_attribute("open") is None:  # folded on phones
        outline.locator("summary").click()
    outline.get_by_role("link", name="（二）人员配备不强，业务水平不高。").click()
    page.wait_for_url("**#s1-p2")
    target = page.locator("#s1-p2")
    box = target.bounding_box()
    assert target.is_visible() and 0 <= box["y"] < height / 2, box  # at the top
    page.screenshot(path=artifacts / f"essay-point-{device}.png")

    second = Point.objects.get(
        essay=essay, section__position=1, parent=None, position=2
    )
    target.get_by_role("link", name="此要点的固定链接").first.click()
    page.wait_for_url(f"**/points/{second.pk}/")
    assert "人员配备不强" in page.locator("h1").inner_text()
    page.screenshot(path=artifacts / f"point-{device}.png", full_page=True)

    page.locator("#site-search").fill("统战 建议")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit mark").count() > 0
    page.screenshot(path=artifacts / f"search-{device}.png", full_page=True)

    no_overflow = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_overflow, "the page scrolls sideways"
    assert not errors, errors
    page.close()


def test_compare_and_guidance_pages_render(
    browser, live_server, live_corpus, artifacts
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    slugs = ",".join(
        Essay.objects.filter(title__contains="统战").values_list("slug", flat=True)[:2]
    )
    page.goto(f"{live_server.url}/compare/?essays={slugs}")
    assert page.locator(".compare-column").count() == 2
    page.screenshot(path=artifacts / "compare-desktop.png", full_page=True)
    page.goto(f"{live_server.url}/guidance/suggestions/")
    assert page.locator(".guidance-section").count() >= 1
    page.screenshot(path=artifacts / "guidance-desktop.png", full_page=True)
    page.close()
