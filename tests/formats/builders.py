"""Fixture builders: .docx, .pdf and .html files made in the tests themselves.

No binary file is committed: each builder lays a corpus document's text out
in a format, with the furniture that format brings (running headers, page
numbers, site chrome), so command, API and admin tests can reuse them.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"
REFERENCE = SHARED / "jiceng-dangqun-gongzuo.txt"
# A real layout whose .txt scores 1.0: a PDF's hard wraps every ~29 characters.
REAL_LAYOUT = SHARED / "real-layouts" / "06-gongwen-qunzhong-dangke.txt"
CN = "一二三四五六七八九十"


def corpus_lines(path: Path) -> list[str]:
    """A corpus document's non-blank lines."""
    return [
        line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()
    ]


# --- Word ------------------------------------------------------------------

# Typed labels that become Word lists: (pattern, abstractNum, level).
WORD_LISTS = (
    (re.compile(rf"^([{CN}]+)、"), 1, 0),
    (re.compile(rf"^\(([{CN}]+)\)"), 1, 1),
    (re.compile(rf"^第([{CN}]+),"), 2, 0),
)
# Level texts as Word writes them: %2 is the second level's counter.
ABSTRACT_NUMS = {
    1: ((0, "chineseCounting", "%1、"), (1, "chineseCounting", "(%2)")),
    2: ((0, "chineseCounting", "第%1,"),),
}
MARKER = re.compile(r"^第[一二三四五六七八九十\d]+篇[:：]")


def build_docx(
    lines: list[str], *, header: str = "写写帮文库 www.xiexiebang.com"
) -> bytes:
    """A .docx of `lines`: typed 一、/(一)/第一, labels become Word auto-numbering.

    The title gets the Title style, essay markers Heading 1, numbered top-level
    headings Heading 2; a header and footer carry site furniture.
    """
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    lists = _WordLists(document)
    for index, line in enumerate(lines):
        paragraph, rest = lists.numbered(line)
        paragraph.add_run(rest)
        if index == 0:
            paragraph.style = document.styles["Title"]
        elif MARKER.match(line):
            paragraph.style = document.styles["Heading 1"]
        elif WORD_LISTS[0][0].match(line) and len(line) < 40 and line[-1] not in "。;":
            paragraph.style = document.styles["Heading 2"]
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = "第 1 页 共 1 页 " + header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _WordLists:
    """Turns typed labels into numbered paragraphs, as Word would count them."""

    def __init__(self, document) -> None:
        self.document = document
        self.numbering = document.part.numbering_part.element
        for abstract_id, levels in ABSTRACT_NUMS.items():
            self.numbering.append(parse_xml(_abstract_xml(abstract_id, levels)))
        self.current: dict[int, tuple[int, dict[int, int]]] = {}  # abstract -> num
        self.next_num_id = 100

    def numbered(self, line: str):
        """A new paragraph for `line`, numbered when its label counts on."""
        for pattern, abstract_id, ilvl in WORD_LISTS:
            match = pattern.match(line)
            if not match:
                continue
            num_id = self._num_for(abstract_id, ilvl, CN.index(match.group(1)) + 1)
            if num_id is None:
                break
            paragraph = self.document.add_paragraph()
            num_pr = f"<w:numPr {nsdecls('w')}><w:ilvl w:val='{ilvl}'/>"
            num_pr += f"<w:numId w:val='{num_id}'/></w:numPr>"
            paragraph._p.get_or_add_pPr().append(parse_xml(num_pr))
            return paragraph, line[match.end() :]
        return self.document.add_paragraph(), line

    def _num_for(self, abstract_id: int, ilvl: int, number: int) -> int | None:
        num_id, counters = self.current.get(abstract_id, (None, {}))
        if ilvl > 0:
            if num_id is None or counters.get(ilvl, 0) + 1 != number:
                return None  # Word could not number it so: keep it typed
            counters[ilvl] = number
            return num_id
        if num_id is None or counters.get(0, 0) + 1 != number:
            num_id = self.next_num_id
            self.next_num_id += 1
            self.numbering.append(parse_xml(_num_xml(num_id, abstract_id, number)))
        self.current[abstract_id] = (num_id, {0: number})
        return num_id


def _abstract_xml(abstract_id: int, levels) -> str:
    body = "".join(
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='1'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/><w:suff w:val='nothing'/></w:lvl>"
        for ilvl, fmt, text in levels
    )
    opening = f"<w:abstractNum {nsdecls('w')} w:abstractNumId='{abstract_id}'>"
    return f"{opening}{body}</w:abstractNum>"


def _num_xml(num_id: int, abstract_id: int, start: int) -> str:
    return (
        f"<w:num {nsdecls('w')} w:numId='{num_id}'>"
        f"<w:abstractNumId w:val='{abstract_id}'/>"
        f"<w:lvlOverride w:ilvl='0'><w:startOverride w:val='{start}'/></w:lvlOverride>"
        "</w:num>"
    )


# --- PDF -------------------------------------------------------------------

PDF_FONT = "STSong-Light"


def build_pdf(
    lines: list[str],
    *,
    chars_per_line: int = 32,
    indent: bool = True,
    running_header: str = "基层党群工作学习资料",
    password: str | None = None,
) -> bytes:
    """A PDF of `lines`, each a paragraph hard-wrapped at the column's width.

    Every page has a running header with a rule under it and a `- N -` page
    number; `indent` starts each paragraph two characters in, as Word does.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    size, leading, left, top = 11, 18, 72, A4[1] - 80
    width = chars_per_line * size
    buffer = io.BytesIO()
    encrypt = StandardEncryption(password, canPrint=1) if password else None
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    page, y = 1, top
    for line in lines:
        first = True
        for row in _wrap(line, width - (2 * size if indent else 0), width, size):
            if y < 80:
                _page_furniture(pdf, page, running_header, left, width)
                pdf.showPage()
                page, y = page + 1, top
            pdf.setFont(PDF_FONT, size)
            pdf.drawString(left + (2 * size if indent and first else 0), y, row)
            first, y = False, y - leading
    _page_furniture(pdf, page, running_header, left, width)
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, first_width: float, width: float, size: int) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows, row, limit = [], "", first_width
    for char in text:
        if row and stringWidth(row + char, PDF_FONT, size) > limit:
            rows.append(row)
            row, limit = "", width
        row += char
    return [*rows, row] if row else rows


def _page_furniture(pdf, page: int, header: str, left: int, width: float) -> None:
    pdf.setFont(PDF_FONT, 9)
    if header:
        pdf.drawCentredString(left + width / 2, 800, header)
        pdf.line(left, 795, left + width, 795)
    pdf.drawCentredString(left + width / 2, 40, f"- {page} -")


def build_scanned_pdf(pages: int = 2) -> bytes:
    """A PDF of page images only: shapes, no text layer."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for _ in range(pages):
        for row in range(20):
            pdf.rect(72, 700 - row * 30, 400, 12, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- HTML ------------------------------------------------------------------

# Site chrome that must not reach the text: each string is looked for after.
CHROME = (
    "网站首页",
    "精品范文",
    "工作总结",
    "热门标签",
    "点击领取VIP会员",
    "扫码关注公众号",
    "相关推荐",
    "年度述职报告范文五篇",
    "关于我们",
    "京ICP备12345678号",
    "var _hmt",
)


# A 范文 site's page: the article sits among chrome that must not reach the text.
PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_写写帮文库</title>
<style>.nav{{float:left}} body{{font:14px sans-serif}}</style>
<script>var _hmt = _hmt || []; document.write("广告位招租");</script>
</head><body>
<div class="top-bar"><a href="/">网站首页</a> | <a href="/login">登录</a>
 | <a href="/reg">注册</a></div>
<div class="nav"><ul><li><a href="/fanwen/">精品范文</a></li>
<li><a href="/zongjie/">工作总结</a></li>
<li><a href="/jihua/">工作计划</a></li>
<li><a href="/xinde/">心得体会</a></li></ul></div>
<div class="ad-banner"><a href="/vip">点击领取VIP会员,海量范文免费下载</a></div>
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt;
<a href="/dangjian/">党建范文</a> &gt; 正文</div>
<div class="main"><div class="content" id="article">
<h1>{title}</h1>
{paragraphs}
</div>
<div class="related"><h3>相关推荐</h3><ul>
<li><a href="/a/1.html">年度述职报告范文五篇</a></li>
<li><a href="/a/2.html">党支部书记抓党建工作述职报告</a></li>
<li><a href="/a/3.html">2024年基层党建工作计划范文</a></li>
</ul></div></div>
<div class="sidebar"><h3>热门标签</h3><a href="/t/1">述职报告</a>
<a href="/t/2">心得体会</a>
<div class="qr">扫码关注公众号,每天更新范文</div></div>
<div class="footer"><p><a href="/about">关于我们</a> |
<a href="/contact">联系我们</a></p>
<p>Copyright © 2024 写写帮文库 版权所有 京ICP备12345678号</p></div>
</body></html>
"""


def build_html(
    lines: list[str],
    *,
    encoding: str = "utf-8",
    declare: str | None = None,
    breaks: bool = False,
) -> bytes:
    """A saved 范文-site page with nav, ads, sidebar, `相关推荐` list and footer.

    The document's lines are one <p> each, or with `breaks` one <div> of lines
    ended by <br> (as many 范文 sites print them); the page is encoded in
    `encoding` and says `declare` (default: the same) in its meta charset.
    """
    from html import escape

    title = lines[0]
    if breaks:
        paragraphs = (
            "<div>" + "<br>\n".join(escape(line) for line in lines[1:]) + "</div>"
        )
    else:
        paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    page = PAGE.format(
        title=escape(title), charset=declare or encoding, paragraphs=paragraphs
    )
    return page.encode(encoding, errors="xmlcharrefreplace")


# --- bad files -------------------------------------------------------------


def build_zip_bomb() -> bytes:
    """A .docx-shaped zip with a part that unpacks to 40 MiB of zeros."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(40):
                part.write(bytes(1024 * 1024))
    return buffer.getvalue()


def build_encrypted_docx() -> bytes:
    """The start of a password-protected .docx: an OLE2 file holding the
    EncryptedPackage stream (MS-OFFCRYPTO) instead of a zip."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + "EncryptedPackage".encode("utf-16-le") + bytes(1024)


def build_legacy_doc() -> bytes:
    """The start of a Word 97–2003 .doc: an OLE2 file with a WordDocument stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return header + "WordDocument".encode("utf-16-le") + bytes(1024)
