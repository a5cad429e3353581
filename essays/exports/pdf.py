"""PDF copies (reportlab): A4 with the 公文 margins, Chinese glyphs anywhere.

With a TrueType Chinese face on the machine (fonts.py) the PDF embeds the
subset it uses; without one the text is set in STSong-Light, a CID font PDF
readers provide themselves. Lines break between any two characters but
never before ，。 nor after “（ (reportlab's CJK wrapping). Headings are
bookmarks, pages are numbered `— 1 —` (docs/exports.md).
"""

import html
import io
import logging

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from essays.exports.fonts import FontFace, chinese_fonts
from essays.exports.manuscript import Block, Kind, Manuscript

logger = logging.getLogger(__name__)

MARGINS = {"top": 37 * mm, "bottom": 35 * mm, "left": 28 * mm, "right": 26 * mm}
PITCH = 28.95  # points from line to line for 16 pt text: 22 lines a page
AUTHOR = "基层工作知识库"
CID_FONT = "STSong-Light"  # Adobe-GB1; needs no file
GREY = Color(0.35, 0.35, 0.35)

# How each kind of block is set: (font role, size in pt, centred, colour).
LOOKS = {
    Kind.TITLE: ("heading", 22, True, black),
    Kind.META: ("body", 16, True, black),
    Kind.HEADING: ("heading", 16, False, black),
    Kind.TEXT: ("body", 16, False, black),
    Kind.CONTEXT: ("body", 14, False, GREY),
    Kind.SOURCE: ("body", 14, False, black),
    Kind.LINK: ("body", 10.5, False, GREY),
}


def write_pdf(manuscript: Manuscript) -> bytes:
    """The manuscript as a PDF on A4, numbered, with headings as bookmarks."""
    fonts = {"body": font_name(chinese_fonts().body)}
    fonts["heading"] = font_name(chinese_fonts().heading) or fonts["body"]
    styles = {kind: style(kind, fonts) for kind in Kind}
    buffer = io.BytesIO()
    document = Pages(
        buffer,
        pagesize=A4,
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        title=manuscript.title,
        author=AUTHOR,
        creator=AUTHOR,
        lang="zh-CN",
    )
    document.page_font = fonts["body"]
    story = []
    level = -1
    for block, following in zip(
        manuscript.blocks, manuscript.blocks[1:] + [None], strict=True
    ):
        paragraph = Paragraph(markup(block), styles[block.kind])
        if block.kind == Kind.HEADING:
            # The outline may not skip a level; a handout's context can.
            level = min(block.level - 1, level + 1)
            paragraph.outline_level = level
            # A heading never ends a page above its text; a handout's point
            # with no text may (keeping it with its link left half pages).
            paragraph.keepWithNext = following is not None and following.kind in (
                Kind.TEXT,
                Kind.HEADING,
            )
        story.append(paragraph)
    document.build(story, onFirstPage=number_page, onLaterPages=number_page)
    return buffer.getvalue()


def font_name(face: FontFace | None) -> str:
    """A registered font for `face`, else the CID font (never an error)."""
    if face is None:
        return cid_font()
    name = f"kb-{face.path.stem}-{face.index}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        pdfmetrics.registerFont(TTFont(name, str(face.path), subfontIndex=face.index))
    except (TTFError, OSError, ValueError):
        logger.warning("font %s cannot be embedded; using %s", face.path, CID_FONT)
        return cid_font()
    return name


def cid_font() -> str:
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def style(kind: Kind, fonts: dict[str, str]) -> ParagraphStyle:
    role, size, centred, colour = LOOKS[kind]
    return ParagraphStyle(
        kind.value,
        fontName=fonts[role],
        fontSize=size,
        leading=PITCH * size / 16,
        alignment=TA_CENTER if centred else TA_LEFT,
        firstLineIndent=2 * size if kind == Kind.TEXT else 0,
        spaceBefore={Kind.TITLE: PITCH / 2, Kind.HEADING: PITCH / 4}.get(kind, 0),
        spaceAfter=PITCH / 2 if kind in (Kind.TITLE, Kind.META) else 0,
        textColor=colour,
        wordWrap="CJK",
    )


def markup(block: Block) -> str:
    """reportlab's paragraph markup: stored text is text, never tags."""
    text = html.escape(block.text, quote=False)
    if block.kind != Kind.LINK or not block.url:
        return text
    url = html.escape(block.url)
    return text.replace(
        html.escape(block.url, quote=False), f'<a href="{url}">{url}</a>'
    )


class Pages(SimpleDocTemplate):
    """Pages whose headings become the PDF's bookmarks."""

    page_font = CID_FONT

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"heading-{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level)


def number_page(canvas, document: Pages) -> None:
    """`— 1 —` centred 7 mm under the type area (GB/T 9704)."""
    canvas.saveState()
    canvas.setFont(document.page_font, 14)
    canvas.drawCentredString(
        A4[0] / 2, MARGINS["bottom"] - 7 * mm - 14, f"— {document.page} —"
    )
    canvas.restoreState()
