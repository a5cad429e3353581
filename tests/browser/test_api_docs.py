"""The API's docs page renders the schema in Chromium, offline."""


def test_api_docs_render_every_operation(browser, live_server, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(live_server.url) else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("List essays").first.wait_for()
    assert page.get_by_text("Unable to render this definition").count() == 0
    assert page.locator(".opblock").count() >= 20
    page.screenshot(path=artifacts / "api-docs-desktop.png")
    assert not [url for url in outside if not url.startswith("data:")]
    page.close()
