"""Word copies made for Chinese offices: A4, 公文 margins, zh-CN, Chinese fonts."""

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from essays.models import Essay, Point, Section
from essays.typography import typeset_text as shown
from tests.exports.reading import east_asian_font, lines, run_properties, word

pytestmark = pytest.mark.django_db

HEADING_STYLES = ["Title"] + [f"Heading {level}" for level in range(1, 10)]


@pytest.fixture
def downloads(client, imported_corpus):
    """The first essay's Word copy and the 统战工作 handout, opened."""
    essay = Essay.objects.get(position=1)
    return {
        "essay": word(client.get(f"/essays/{essay.slug}/export.docx")),
        "handout": word(client.get("/topics/tong-zhan-gong-zuo/handout.docx")),
    }


def test_pages_are_a4_with_the_gb_t_9704_margins(downloads):
    for document in downloads.values():
        section = document.sections[0]
        size = section._sectPr.find(qn("w:pgSz"))
        assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
        margins = {
            "top": section.top_margin,
            "bottom": section.bottom_margin,
            "left": section.left_margin,
            "right": section.right_margin,
        }
        expected = {"top": 37, "bottom": 35, "left": 28, "right": 26}
        for side, millimetres in expected.items():
            assert abs(margins[side] - Mm(millimetres)) < 635, side  # a twip


def test_the_language_is_chinese_everywhere_and_never_japanese(downloads):
    for document in downloads.values():
        styles = document.styles.element
        default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        lang = default.find(qn("w:rPr")).find(qn("w:lang"))
        assert lang.get(qn("w:val")) == lang.get(qn("w:eastAsia")) == "zh-CN"
        theme = document.settings.element.find(qn("w:themeFontLang"))
        assert theme.get(qn("w:eastAsia")) == "zh-CN"
        for name in ["Normal", *HEADING_STYLES, "来源", "上下文"]:
            lang = run_properties(document.styles[name]).find(qn("w:lang"))
            assert lang.get(qn("w:eastAsia")) == "zh-CN", name
        assert b"ja-JP" not in styles.xml.encode()
        assert b"ja-JP" not in document.settings.element.xml.encode()
        assert document.core_properties.language == "zh-CN"


def test_every_style_names_its_chinese_font_and_no_theme_font(downloads):
    for document in downloads.values():
        used = {paragraph.style.name for paragraph in document.paragraphs}
        assert used <= {"Normal", *HEADING_STYLES, "说明", "上下文", "来源", "原文链接"}
        for name in used | set(HEADING_STYLES) | {"Normal"}:
            style = document.styles[name]
            fonts = run_properties(style).find(qn("w:rFonts"))
            assert not [key for key in fonts.attrib if "heme" in key], name
            assert east_asian_font(style) in {"仿宋", "黑体", "楷体", "宋体"}, name
        assert east_asian_font(document.styles["Normal"]) == "仿宋"
        for name in HEADING_STYLES:
            assert east_asian_font(document.styles[name]) == "黑体", name


def test_the_font_table_names_each_chinese_font_in_english_too(downloads):
    table = downloads["essay"].part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    xml = table.blob.decode()
    for chinese, english in [
        ("仿宋", "FangSong"),
        ("黑体", "SimHei"),
        ("宋体", "SimSun"),
    ]:
        assert f'w:name="{chinese}"><w:altName w:val="{english}"/>' in xml
    assert "ＭＳ" not in xml


def test_headings_are_black_upright_and_not_bold(downloads):
    for document in downloads.values():
        for name in HEADING_STYLES:
            style = document.styles[name]
            color = run_properties(style).find(qn("w:color"))
            assert color.get(qn("w:val")) == "000000", name
            assert color.get(qn("w:themeColor")) is None, name
            assert style.font.italic is False and style.font.bold is False, name
        assert document.styles["Title"].element.pPr.find(qn("w:pBdr")) is None


def test_body_is_16_pt_on_a_fixed_pitch_with_a_two_character_indent(downloads):
    normal = downloads["essay"].styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert normal.paragraph_format.first_line_indent.pt == 32


def test_labels_stay_as_written_and_the_site_writes_chinese_punctuation(
    client, imported_corpus
):
    essay = Essay.objects.get(position=1)
    text = lines(word(client.get(f"/essays/{essay.slug}/export.docx")))
    assert text[0] == shown(essay.title)
    assert text[1] == f"（{essay.date.year}年{essay.date.month}月{essay.date.day}日）"
    assert f"来源：{shown(imported_corpus.title)}" in text
    assert not [line for line in text if line.startswith(("来源:", "出处:"))]
    for point in Point.objects.filter(essay=essay):
        assert shown(f"{point.label}{point.title}") in text
    for section in Section.objects.filter(essay=essay).exclude(label=""):
        assert any(line.startswith(shown(section.label)) for line in text), (
            section.label
        )
    assert f"网址：http://testserver/essays/{essay.slug}/" in text


def test_essay_headings_follow_the_tree(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    document = word(client.get(f"/essays/{essay.slug}/export.docx"))
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles[shown(essay.title)] == "Title"
    assert styles["第一部分：基层党组织的领导干部应该做什么？"] == "Heading 1"
    assert styles["第五，要管作风。"] == "Heading 2"
    assert styles["一是管工作作风。"] == "Heading 3"


def test_pages_are_numbered_in_the_footer(downloads):
    footer = downloads["essay"].sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert 'w:instr="PAGE"' in footer._p.xml


def test_a_link_to_the_essay_is_clickable(downloads):
    relations = downloads["handout"].part.rels.values()
    targets = [relation.target_ref for relation in relations if relation.is_external]
    assert targets
    assert all(target.startswith("http://testserver/essays/") for target in targets)
