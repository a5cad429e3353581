"""PDF copies: A4 pages, Chinese text, bookmarks, and a font whatever the machine.

Each test saves its first page as a PNG in tests/artifacts/exports/ to look at.
"""

from pathlib import Path

import pytest

from essays.exports.fonts import chinese_fonts
from essays.models import Essay, Point, Topic
from essays.typography import typeset_text as shown
from tests.exports.reading import A4_POINTS, pdf, pdf_text, save_page

pytestmark = pytest.mark.django_db

NOTO_CJK = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk


def assert_a4(document) -> None:
    assert len(document) >= 1
    for page in document:
        width, height = page.get_size()
        assert width == pytest.approx(A4_POINTS[0], abs=0.5)
        assert height == pytest.approx(A4_POINTS[1], abs=0.5)


def test_an_essay_pdf_has_a4_pages_and_the_whole_text(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    document = pdf(client.get(f"/essays/{essay.slug}/export.pdf"))
    assert_a4(document)
    text = "".join(pdf_text(document).split())  # lines wrap anywhere
    assert shown(essay.title) in text
    for point in Point.objects.filter(essay=essay):
        assert "".join(shown(f"{point.label}{point.title}").split()) in text, point
    assert f"来源：{shown(imported_corpus.title)}" in text
    first_page = document[0].get_textpage().get_text_range()
    assert "— 1 —" in first_page  # the page number
    save_page(document, 0, "essay-page1.png")


def test_headings_are_the_pdfs_bookmarks(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    document = pdf(client.get(f"/essays/{essay.slug}/export.pdf"))
    bookmarks = [(item.level, item.get_title()) for item in document.get_toc()]
    assert (0, "第一部分：基层党组织的领导干部应该做什么？") in bookmarks
    assert (1, "第五，要管作风。") in bookmarks
    assert (2, "一是管工作作风。") in bookmarks


def test_a_handout_pdf_keeps_each_point_with_its_context(client, imported_corpus):
    topic = Topic.objects.get(name="统战工作")
    document = pdf(client.get(f"/topics/{topic.slug}/handout.pdf"))
    assert_a4(document)
    text = "".join(pdf_text(document).split())
    assert "统战工作学习材料" in text
    for point in Point.objects.filter(topics=topic):
        assert "".join(shown(f"{point.label}{point.title}").split()) in text, point
    assert "见原文：http://testserver/essays/" in text
    save_page(document, 0, "handout-page1.png")


def test_without_a_font_file_the_text_is_set_in_stsong_light(
    client, imported_corpus, settings
):
    settings.EXPORT_FONT_DIRS = []
    essay = Essay.objects.get(position=1)
    response = client.get(f"/essays/{essay.slug}/export.pdf")
    assert b"/STSong-Light" in response.content
    assert b"/FontFile" not in response.content  # nothing embedded
    document = pdf(response)
    assert_a4(document)
    assert shown(essay.title) in pdf_text(document)
    save_page(document, 0, "essay-page1-stsong-light.png")


def test_a_broken_font_file_falls_back_instead_of_failing(
    client, imported_corpus, settings, tmp_path
):
    (tmp_path / "wqy-zenhei.ttc").write_bytes(b"ttcf" + b"\0" * 64)
    (tmp_path / "simsun.ttc").write_bytes(b"not a font at all")
    settings.EXPORT_FONT_DIRS = [str(tmp_path)]
    essay = Essay.objects.get(position=1)
    response = client.get(f"/essays/{essay.slug}/export.pdf")
    assert response.status_code == 200
    assert b"/STSong-Light" in response.content
    assert shown(essay.title) in pdf_text(pdf(response))


def test_a_chinese_truetype_font_on_the_machine_is_embedded(client, imported_corpus):
    fonts = chinese_fonts()
    if fonts.body is None:
        pytest.skip("no TrueType Chinese font here (apt-get install fonts-wqy-zenhei)")
    essay = Essay.objects.get(position=1)
    response = client.get(f"/essays/{essay.slug}/export.pdf")
    assert b"/FontFile2" in response.content
    assert b"/STSong-Light" not in response.content
    assert shown(essay.title) in pdf_text(pdf(response))


def test_cff_fonts_are_passed_over_for_one_reportlab_can_embed(settings):
    if not NOTO_CJK.is_dir():
        pytest.skip("fonts-noto-cjk is not installed")
    settings.EXPORT_FONT_DIRS = [str(NOTO_CJK)]
    assert chinese_fonts().body is None  # Noto CJK has CFF outlines
