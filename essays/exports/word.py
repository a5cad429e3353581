"""Word (.docx) files made for Chinese offices (python-docx).

The page follows GB/T 9704-2012 (党政机关公文格式): A4, margins top 37 mm,
bottom 35 mm, left 28 mm, right 26 mm, body in 三号 (16 pt) 仿宋 at a fixed
line pitch (22 lines a page), 一级 headings in 黑体, page numbers `— 1 —`.
python-docx's template is American and Japanese (issue 16): US Letter, blue
italic theme headings, and `eastAsia="ja-JP"`, which makes Word pick ＭＳ
ゴシック. Every style used here gets its fonts named explicitly (a theme font
would win over a named one), black text and the zh-CN language.
"""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

from essays.exports.manuscript import MAX_HEADING_LEVEL, Block, Kind, Manuscript

A4 = (Twips(11906), Twips(16838))  # Word's own A4, in twentieths of a point
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINE_PITCH = Pt(28.95)  # GB/T 9704: 22 lines in the 225 mm of type area
LANGUAGE = "zh-CN"
LATIN_FONT = "Times New Roman"  # digits and Latin letters, as 公文 set them

# The names Word writes for Chinese fonts, with the English name each font
# also answers to (w:altName): Word on any system finds 仿宋 as FangSong.
# One alternative is all the font table allows; LibreOffice substitutes Noto
# CJK SC or WenQuanYi by its own table when neither is installed.
ALT_NAMES = {"宋体": "SimSun", "仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi"}


@dataclass(frozen=True)
class Look:
    """How one paragraph style looks: East Asian font, size, alignment."""

    font: str
    size: float
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line_indent: bool = False
    space_after_lines: float = 0


BODY = Look("仿宋", 16, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line_indent=True)
HEADING = Look("黑体", 16)
STYLES: dict[str, Look] = {
    "Normal": BODY,
    "Title": Look("黑体", 22, WD_ALIGN_PARAGRAPH.CENTER, space_after_lines=0.5),
    **{f"Heading {level}": HEADING for level in range(1, MAX_HEADING_LEVEL + 1)},
    # Our own styles, named in Chinese for the editor who opens the style pane.
    "说明": Look("仿宋", 16, WD_ALIGN_PARAGRAPH.CENTER, space_after_lines=0.5),
    "上下文": Look("楷体", 16),
    "来源": Look("仿宋", 14),
    "原文链接": Look("仿宋", 12),
    "页码": Look("宋体", 14, WD_ALIGN_PARAGRAPH.CENTER),
}
STYLE_OF = {
    Kind.TITLE: "Title",
    Kind.META: "说明",
    Kind.TEXT: "Normal",
    Kind.CONTEXT: "上下文",
    Kind.SOURCE: "来源",
    Kind.LINK: "原文链接",
}


def write_docx(manuscript: Manuscript) -> bytes:
    """The manuscript as a Word file, ready to print on A4."""
    document = Document()
    set_page(document.sections[0])
    set_language(document)
    set_font_table(document)
    for name, look in STYLES.items():
        style_as(document, name, look)
    add_page_numbers(document)
    document.core_properties.title = manuscript.title
    document.core_properties.author = "基层工作知识库"
    document.core_properties.language = LANGUAGE
    style_ids = {name: document.styles[name].style_id for name in STYLES}
    for block in manuscript.blocks:
        add_block(document, block, style_ids)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_block(document, block: Block, style_ids: dict[str, str]) -> None:
    name = (
        f"Heading {block.level}" if block.kind == Kind.HEADING else STYLE_OF[block.kind]
    )
    paragraph = document.add_paragraph()
    # By id: python-docx looks a style name up among all 160 styles of its
    # template for every paragraph (0.2 s an essay).
    paragraph._p.get_or_add_pPr().style = style_ids[name]
    if block.kind != Kind.LINK:
        paragraph.add_run(block.text)
        return
    label, _, url = block.text.partition(block.url)
    paragraph.add_run(label)
    add_hyperlink(paragraph, url or block.url)


def set_page(section) -> None:
    section.page_width, section.page_height = A4
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    section.footer_distance = Mm(22)  # 页码 7 mm under the type area, GB/T 9704


def set_language(document) -> None:
    """zh-CN for the defaults and the theme fonts (the template says ja-JP)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run_defaults, BODY.font)
    set_lang(run_defaults)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), LANGUAGE)
    theme_lang.set(qn("w:eastAsia"), LANGUAGE)


def set_font_table(document) -> None:
    """Name the Chinese fonts and their English names; drop the Japanese ones."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = parse_xml(part.blob)
    for font in table.findall(qn("w:font")):
        if font.get(qn("w:name")).startswith("ＭＳ"):
            table.remove(font)
    for name, alternative in ALT_NAMES.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alternative),
            ("w:charset", "86"),  # GB2312
            ("w:family", "auto"),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        table.append(font)
    # python-docx loads the font table as bytes, not XML: write the bytes back.
    part._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def style_as(document, name: str, look: Look) -> None:
    styles = document.styles
    if name in styles:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.quick_style = True
    font = style.font
    font.size = Pt(look.size)
    font.bold = False
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)  # also drops the theme colour
    run = style.element.get_or_add_rPr()
    set_fonts(run, look.font)
    set_lang(run)
    remove(run, "w:color", ("w:themeColor", "w:themeShade", "w:themeTint"))
    for tag in ("w:bCs", "w:iCs"):  # bold and italic of right-to-left scripts
        for element in run.findall(qn(tag)):
            run.remove(element)
    paragraph = style.paragraph_format
    paragraph.alignment = look.align
    paragraph.line_spacing = Pt(LINE_PITCH.pt * look.size / 16)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(LINE_PITCH.pt * look.space_after_lines)
    paragraph.first_line_indent = Pt(look.size * 2 if look.first_line_indent else 0)
    borders = style.element.pPr.find(qn("w:pBdr"))  # the Title's blue rule
    if borders is not None:
        style.element.pPr.remove(borders)


def set_fonts(run_properties, east_asian: str) -> None:
    """Named fonts for every script; theme fonts, which would win, removed."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")  # shared punctuation in the Chinese font


def set_lang(run_properties) -> None:
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def remove(parent, tag: str, attributes: tuple[str, ...]) -> None:
    element = parent.find(qn(tag))
    if element is not None:
        for attribute in attributes:
            element.attrib.pop(qn(attribute), None)


def add_hyperlink(paragraph, url: str) -> None:
    """A clickable URL (python-docx writes no hyperlinks itself)."""
    relation = paragraph.part.relate_to(
        url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = url
    run.append(text)
    link.append(run)
    paragraph._p.append(link)


def add_page_numbers(document) -> None:
    """`— 1 —` centred in the footer, as GB/T 9704 numbers pages."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.style = document.styles["页码"]
    paragraph.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    number.append(text)
    field.append(number)
    paragraph._p.append(field)
    paragraph.add_run(" —")
