"""Fixes that teach, in Chromium: mark a site's promo line as furniture once,
and the next document from that site comes out clean (issue 9)."""

import pytest

from essays.models import Essay, WatermarkWord
from tests.admin.conftest import member
from tests.browser.test_editor_journey import log_in

SITE = "晨光文库"
PROMO = "长按识别二维码,加入晨光写作群领取模板"  # a promo of a kind the importer lacks
FIRST = f"""乡村振兴工作的几点体会

来源:{SITE}

　　乡村振兴是一篇大文章。结合近年来的实践,我们主要有以下几点体会:

　　一、抓好产业发展,让群众富起来

　　（一）发展特色种植。村里成立合作社,带动农户种植高山茶叶,户均增收三千元。

　　{PROMO}

　　（二）发展乡村旅游。依托古村落资源,开办农家乐二十余家。

　　二、抓好乡风文明,让乡村美起来

　　（一）开展移风易俗。村规民约写入红白理事标准,杜绝大操大办。

　　（二）评选文明家庭。每年评选表彰一批文明家庭,发挥示范带动作用。

　　总之,乡村振兴关键在于把群众的积极性调动起来。
"""
SECOND = f"""社区治理的三点做法

来源:{SITE}

　　社区治理连着千家万户。我们的做法主要有三点:

　　一、建强网格队伍

　　（一）选优网格员。从退休党员和热心居民中选聘网格员,每格一人。

　　{PROMO}

　　（二）加强培训。每季度开展一次业务培训,提高走访和调解能力。

　　二、完善议事机制

　　（一）开好居民议事会。每月一次,群众关心的事拿到会上商量。

　　总之,社区治理要依靠群众、服务群众。
"""


@pytest.fixture
def editor(transactional_db):
    return member("editor", "editor")


def upload(page, base, tmp_path, name: str, text: str) -> None:
    page.goto(f"{base}/admin/essays/collection/import/")
    document = tmp_path / name
    document.write_text(text, encoding="utf-8")
    page.locator("#id_file").set_input_files(document)
    page.get_by_role("button", name="预览").click()
    page.wait_for_url("**/import/*/")


def test_a_fix_marked_once_applies_to_the_next_document_from_the_site(
    browser, live_server, editor, artifacts, tmp_path
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

    upload(page, base, tmp_path, "xiangcun.txt", FIRST)
    point = page.locator(".kb-point", has_text="发展特色种植。")
    point.locator("details > summary").first.click()
    promo = point.locator("details p", has_text=PROMO)
    promo.click(click_count=3)  # a triple click selects the whole line
    selection = page.locator("[data-kb-selection]")
    assert selection.input_value() == PROMO
    assert page.locator("#id_mark-site").input_value() == SITE
    page.screenshot(path=artifacts / "fixup-marking.png")

    page.locator("#kb-mark input[name=mark]").click()
    page.wait_for_load_state()
    assert "已把" in page.locator(".messagelist").inner_text()
    assert PROMO not in page.locator("#content-main").inner_text().replace(
        selection.input_value(), ""
    )
    entry = WatermarkWord.objects.get(word=PROMO)
    assert (entry.kind, entry.site, entry.added_by) == ("furniture", SITE, editor)
    page.screenshot(path=artifacts / "fixup-repreviewed.png", full_page=True)

    page.get_by_role("button", name="确认导入（存为草稿）").click()
    page.wait_for_url("**/essays/essay/?collection__id__exact=*")
    assert not any(PROMO in essay.lead for essay in Essay.objects.all())

    upload(page, base, tmp_path, "shequ.txt", SECOND)
    content = page.locator("#content-main")
    for summary in content.locator("details > summary").all():
        summary.click()
    assert "选优网格员" in content.inner_text()
    assert PROMO not in content.inner_text()
    page.screenshot(path=artifacts / "fixup-second-document.png", full_page=True)

    # The glued-heading control offers a title's characters to cut at.
    page.locator(".kb-cut-open").first.click()
    page.locator(".kb-cut-char").nth(2).click()
    assert page.locator("[data-kb-cut-input]").input_value() == "建强网"
    page.screenshot(path=artifacts / "fixup-heading-cut.png")
    assert errors == []
    context.close()
