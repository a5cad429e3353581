"""DATA: shapes of other sites' page layouts (import-contract-layouts.md).

The amendment's rules that recognise text by its shape rather than by a word
live here as named rows, like patterns.py holds the contract's. Matched
against folded text (patterns.fold): half-width, simplified.
"""

from __future__ import annotations

import re

from essays.importer.patterns import Furniture

_DATE = r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"


def _furniture(name: str, regex: str, **options) -> Furniture:
    return Furniture(name, re.compile(regex, re.IGNORECASE), **options)


FURNITURE = (
    # §3.2: `DATE 发布`, and size/page/format lines: `39.15KB 60 页`, `格式:docx`.
    _furniture(
        "upload line",
        rf"^{_DATE}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:发布|上传|更新)$",
        meta=True,
    ),
    _furniture(
        "format line",
        r"(?<![\w.])\d+(?:\.\d+)?\s*(?:KB|MB|GB|K|M)\b|^\d+\s*页$"
        r"|^(?:格式|文件格式|文档格式)\s*:?\s*(?:docx?|pptx?|pdf|wps|txt|xlsx?)$",
        max_length=60,
        meta=True,
    ),
    # Breadcrumbs without a `当前位置:` prefix: `在线文档 > 党建材料 > 统战工作`.
    _furniture(
        "breadcrumb",
        r"^[^。!?,;:>›»]{1,16}(?:\s*[>›»]\s*[^。!?,;:>›»]{1,16}){2,}$",
        max_length=60,
    ),
    # Column and tag lines of 范文 sites: `栏目:讲话稿`, `标签:党建 讲话`.
    _furniture(
        "column line",
        r"^(?:所属)?(?:栏目|分类|频道|标签|tags?)\s*:",
        max_length=60,
    ),
    # §3.7 Discuz: 本帖最后由 X 于 DATE 编辑, 发表于 DATE.
    _furniture("forum line", r"本帖最后由.{0,40}编辑", max_length=80),
    _furniture("forum line", rf"^(?:\S{{1,20}}\s+)?发表于\s*{_DATE}", max_length=80),
    _furniture(
        "forum line", r"^\S{1,20}\s+发表于\s*\d+\s*(?:分钟|小时|天)前", max_length=60
    ),
)

# §3.2: a line that starts with a number or bullet: `1. 1、`, `- 2、`, `3、`.
NUMBERED_LINE = re.compile(r"^(?:[-•·*●▪]\s*)?\d{1,2}\s*[.、,)]")
# §2.2: a list bullet at a line's start.
BULLET = re.compile(r"^[-•·●▪*]\s+")
# §3.3: `第N页共M页` wherever it stands, cut from the text it is glued to.
PAGE_CAPTION = re.compile(r"第\s*\d{1,4}\s*页\s*[,/]?\s*共\s*\d{1,4}\s*页")
# §3.7: anti-scraping junk: space-separated tokens of 1-3 ASCII characters.
JUNK_LINE = re.compile(r"^(?=.{10,}$)[!-~]{1,3}(?: +[!-~]{1,3})+$")
JUNK_TAIL = re.compile(
    r"(?<=[。!?:;”’)])\s+(?=[!-~ ]{10,}$)[!-~]{1,3}(?: +[!-~]{1,3}){2,}\s*$"
)
# §4.3: a line that is only a one- or two-digit number, and a line starting
# with the mark that belongs after it.
SPLIT_NUMBER = re.compile(r"^\d{1,2}$")
SPLIT_MARK = re.compile(r"^[、.](?=\S)")
# §4.4: page chunks `N、` at a paragraph's start.
CHUNK_NUMBER = re.compile(r"^(\d{1,3})、")
# §3.2: a `来源:XX` anywhere in a header meta line (fields share the line).
SOURCE_FIELD = re.compile(
    r"(?:^|\s)(?:文章|稿件|本文|信息)?来源\s*:\s*"
    r"(?P<site>[^\s,。:;]{0,20}?(?:文库|文档网|范文网|文秘网))(?=\s|$)"
)
# §3.4: a blurb line names the site like a `简介:` blurb.
BLURB_OPENER_SITE = re.compile(
    r"^[\[〔【(]?\s*(?:摘要|导语|导读|本文简介|本文关键词|内容简介|简介)\s*[\]〕】)]?\s*:?\s*"
    r"(?P<site>[^\s,。:;]{2,20}?)(?:小编|为您|为你|精选|整理)"
)
# A date on a §3.2 chrome line gives published_at.
DATE_IN_LINE = re.compile(_DATE)
