"""Saved web pages (.html/.htm) to lines: the article, without the site's chrome.

selectolax finds the element holding the article's text and drops the page's
chrome (navigation, ads, sidebars, footers, related lists) by tag and by
class or id; the importer's own HTML stripping then turns what is left into
lines, so block tags end lines exactly as they do in a scraped .txt.
docs/formats.md gives the measurement that chose this over trafilatura.
"""

from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from essays.formats.errors import EmptyFile
from essays.formats.extracted import Extracted, Heading, join_lines
from essays.importer.decode import strip_markup

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB2312 and GBK pages use characters only their superset GB18030 names.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
}
CHROME_TAGS = (
    "script", "style", "noscript", "iframe", "nav", "header", "footer", "aside",
    "form", "button", "select", "svg", "template", "title",
)  # fmt: skip
# Class and id words of site chrome (the 范文 sites' templates use these).
CHROME_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|top|topbar|header|head|footer|foot|bottom|"
    r"sidebar|side|ad|ads|advert|banner|breadcrumb|crumb|crumbs|related|relate|"
    r"recommend|tuijian|xgwz|comment|comments|share|login|toolbar|copyright|qr|"
    r"hot|tags|pager|pagination)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
HAN = re.compile(r"[\u4e00-\u9fff]")


def extract_html(raw: bytes) -> Extracted:
    """The article text of a saved page, one paragraph a line, h1–h6 as hints."""
    tree = HTMLParser(decode_html(raw))
    title = page_title(tree)
    body = tree.body or tree.root
    if body is None:
        raise EmptyFile("这个网页里没有正文文字，请检查是否保存了完整的网页")
    drop_chrome(body)
    lines = [line.strip() for line in strip_markup(body.html or "").text.split("\n")]
    lines = [line for line in lines if line]
    if not HAN.search("".join(lines)):
        raise EmptyFile("这个网页里没有正文文字，请检查是否保存了完整的网页")
    if title and title not in lines[:3]:
        lines.insert(0, title)  # the page's <title> names the document
    return Extracted(
        text=join_lines(lines), format="html", hints=_heading_hints(body, lines)
    )


def decode_html(raw: bytes) -> str:
    """A page's text: its byte-order mark, else its meta charset, else UTF-8/GB18030."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    declared = CHARSET.search(raw[:4096])
    candidates = ["utf-8", "gb18030"]
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.insert(0, SUPERSETS.get(name, name))
    for encoding in candidates:
        try:
            return raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("gb18030", errors="replace")


def page_title(tree: HTMLParser) -> str:
    """The <title>, without the site name after `_`, `-` or `|`."""
    node = tree.css_first("title")
    text = " ".join((node.text() if node else "").split())
    return re.split(r"\s*[_|]\s*|\s+-\s+", text)[0] if text else ""


def drop_chrome(body: Node) -> None:
    """Remove chrome elements, never one holding most of the page's Chinese."""
    for tag in CHROME_TAGS:
        for node in body.css(tag):
            node.decompose()
    total = len(HAN.findall(body.text(separator="")))
    for node in body.css("[class], [id]"):
        if node.parent is None:
            continue  # already gone with an ancestor
        words = (
            f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        )
        if not CHROME_WORDS.search(words):
            continue
        if len(HAN.findall(node.text(separator=""))) * 2 > total:
            continue  # a wrapper named "head" or "top" around the article
        node.decompose()


def _heading_hints(body: Node, lines: list[str]) -> tuple[Heading, ...]:
    hints, start = [], 0
    for node in body.css("h1, h2, h3, h4, h5, h6"):
        text = " ".join(node.text().split())
        for index in range(start, len(lines)):
            if text and lines[index] == text:
                hints.append(Heading(index, int(node.tag[1])))
                start = index + 1
                break
    return tuple(hints)
