"""Every public page type at 360 px: nothing scrolls sideways (issue 16)."""

import pytest

from essays.models import Essay, Point, Topic

LONG_URL = "https://www.example.com/" + "/".join(["a1b2c3d4e5f6g7h8i9"] * 16)
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}


def page_urls() -> dict[str, str]:
    longest = max(Essay.objects.all(), key=lambda essay: len(essay.lead))
    sub_point = Point.objects.filter(parent__isnull=False).order_by("pk").first()
    topic = Topic.objects.order_by("pk").first()
    four = ",".join(Essay.objects.order_by("pk").values_list("slug", flat=True)[:4])
    assert len(LONG_URL) >= 300
    return {
        "home": "/",
        "essay-list": "/essays/",
        "essay": longest.get_absolute_url(),
        "point": sub_point.get_absolute_url(),
        "topic-list": "/topics/",
        "topic": topic.get_absolute_url(),
        "guidance": "/guidance/suggestions/",
        "guidance-other": "/guidance/other/",
        "compare": f"/compare/?essays={four}",
        "search": f"/search/?q={LONG_URL}",
        "search-hits": "/search/?q=统战 建议",
        "search-points": "/search/?q=统战 工作&kind=point",
        "not-found": "/essays/no-such-essay/",
    }


@pytest.mark.parametrize("device", WIDTHS)
def test_no_page_scrolls_sideways(browser, live_server, live_corpus, artifacts, device):
    width, height = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, url in page_urls().items():
        response = page.goto(live_server.url + url)
        assert response.status == (404 if name == "not-found" else 200), url
        page.screenshot(path=artifacts / f"reader-{name}-{device}.png", full_page=True)
        sizes = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert sizes[0] <= sizes[1], (name, sizes)
    # The pasted URL is shown, wrapped, in the summary line (the query parser
    # keeps its first part).
    page.goto(f"{live_server.url}/search/?q={LONG_URL}")
    assert LONG_URL[:150] in page.locator("[role=status]").inner_text()
    assert not errors, errors
    page.close()


def test_long_essay_has_a_button_back_to_the_outline(
    browser, live_server, live_corpus, artifacts
):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    essay = max(Essay.objects.all(), key=lambda essay: essay.points.count())
    page.goto(live_server.url + essay.get_absolute_url())
    button = page.locator(".to-outline")
    assert not button.is_visible()  # at the top the outline is right there
    page.mouse.wheel(0, 4000)
    page.wait_for_function("window.scrollY > 3000")
    button.wait_for(state="visible")
    box = button.bounding_box()
    assert box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740
    page.screenshot(path=artifacts / "reader-back-button-phone.png")
    button.click()
    page.wait_for_url("**#outline")
    outline = page.locator("#outline")
    assert outline.locator("details").get_attribute("open") is not None
    top = outline.bounding_box()["y"]
    assert 0 <= top < 100, top
    page.screenshot(path=artifacts / "reader-back-to-outline-phone.png")
    page.close()
