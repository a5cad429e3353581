"""DATA: the importer's patterns, each with a name a test can cite.

Every rule of import-contract.md that recognises text lives here as a row:
furniture lines, watermark sources, numbering styles, essay markers, dates,
concluding phrases. Patterns are matched against *folded* text (see `fold`):
full-width ASCII is folded to half-width and traditional characters to their
simplified forms, so each pattern is written once, in half-width simplified
form. Folding maps one character to one character, so a match's offsets are
valid in the original text too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from essays.importer.data_files import DATA, read_word_list  # noqa: F401


def _fold_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    for line in read_word_list("traditional.txt"):
        traditional, simplified = line.split()
        table[ord(traditional)] = simplified
    return table


FOLD_TABLE = {chr(code): folded for code, folded in _fold_table().items()}
# A regex substitution is much faster than str.translate on Chinese text,
# where few characters need folding.
_FOLDABLE = re.compile("[" + re.escape("".join(FOLD_TABLE)) + "]")


def _fold_match(match: re.Match[str]) -> str:
    return FOLD_TABLE[match.group()]


def fold(text: str) -> str:
    """Text for matching: half-width, simplified; same length as `text`."""
    return _FOLDABLE.sub(_fold_match, text)


@cache
def watermark_words() -> tuple[str, ...]:
    """The editors' watermark list, data/watermarks.txt, folded."""
    return tuple(fold(word) for word in read_word_list("watermarks.txt"))


# --- characters ------------------------------------------------------------

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# Sentence-final marks after folding (！？ fold to !?).
FULL_STOPS = "。!?"
# import-contract.md, "Layout damage": a paragraph ending in one of these is
# complete. Folded: ：；）！？ become :;)!?.
CLOSING_PUNCTUATION = "。!?:;”’)"
# Quotes and brackets that close a sentence stay with its full stop.
CLOSERS = "”’)」』】"
# Punctuation after which an inline label may stand (folded).
INLINE_PUNCTUATION = "。!?;:,、"
# Punctuation after which a label starts a sentence (folded).
SENTENCE_PUNCTUATION = "。!?;:"

ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
# No-break, ideographic and other fixed-width spaces count as spaces.
SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0 controls other than tab, LF, VT, FF, CR; DEL; C1 controls.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# --- HTML ------------------------------------------------------------------

HTML_HINT = re.compile(
    r"<(?:!--|!doctype|/?(?:p|br|div|span|li|ul|ol|h[1-6]|table|tr|td|a|b|i|u|"
    r"strong|em|font|img|html|head|body|title|script|style|meta|link|section|"
    r"article|header|footer|nav|center|blockquote|pre|hr|sup|sub)\b)",
    re.IGNORECASE,
)
HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*>|<![^<>]*>|<\?[^<>]*>")
BLOCK_TAGS = frozenset(
    {
        *("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "title"),
        *("tr", "table", "ul", "ol", "dl", "dt", "dd", "hr", "pre", "form"),
        *("section", "article", "blockquote", "header", "footer", "nav", "center"),
    }
)
DROPPED_ELEMENTS = frozenset({"script", "style"})
HTML_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
)


# --- furniture -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Furniture:
    """A kind of site text that is not content, recognised on one line."""

    name: str
    pattern: re.Pattern[str]
    max_length: int = 10_000  # longer lines are content that mentions the words
    drop_rest: bool = False  # the line and everything after it is furniture
    meta: bool = False  # a header meta line: the title line stands above it


def _furniture(name: str, regex: str, **options) -> Furniture:
    return Furniture(name, re.compile(regex, re.IGNORECASE), **options)


# Timestamps as upload lines write them: 2019-05-12 06:02:46, 2019年5月12日.
TIMESTAMP = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})"
    r"\s*日?(?:\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
# The site's upload time (import-contract.md, `published_at`). A bare `时间:`
# line counts only with a site-style timestamp or the download credit, so an
# essay's own `时间:2019年5月12日上午` (a meeting notice) stays text.
# The same fields where several share one header line (amendment §3.2):
# `上传者:X  上传时间:2022-08-19`, `发布者:X 发布日期:2021/11/03`.
UPLOAD_FIELD = re.compile(
    r"(?:^|\s)(?:(?:发布|上传|更新)(?:时间|日期))\s*:\s*(?=\d{4})"
)
UPLOAD_LINE = re.compile(
    r"^(?:(?:发布|上传|更新)时间|上传日期)\s*:"
    r"|^时间\s*:\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|^时间\s*:.*下载本文作者"
)

FURNITURE = (
    # Page header meta lines.
    _furniture("upload line", UPLOAD_LINE.pattern, meta=True),
    _furniture("upload line", r"^(?:(?:发布|上传|更新)日期|上传者)\s*:", meta=True),
    _furniture("upload line", r"下载本文作者", meta=True),
    _furniture(
        "source line", r"^(?:来源|稿件来源|文章来源|本文来源|信息来源)\s*:", meta=True
    ),
    _furniture("author line", r"^作者(?:单位|简介)?\s*:", meta=True),
    _furniture(
        "author line", r"^(?:责任编辑|编辑|发布者|发布人|录入)\s*:", max_length=40
    ),
    _furniture("view counter", r"^(?:浏览|点击|阅读)(?:次数|量|数)?\s*:\s*\d"),
    _furniture(
        "breadcrumb", r"^(?:当前|您的|你的|您现在的|你现在的|现在|所在)位置\s*:"
    ),
    _furniture("breadcrumb", r"^首页\s*[>›»/]"),
    _furniture("blurb", r"^简介\s*:"),
    _furniture("blurb", r"^(?:以下|下面)(?:是|为)?.{0,12}(?:小编|本站|编辑)"),
    _furniture("blurb", r"小编(?:为|给|帮)(?:你|您|大家)", max_length=300),
    _furniture("site navigation", r"^(?:上一篇|下一篇)\s*:", max_length=80),
    # Page tools: 【字体:大 中 小】, 打印本页, 关闭窗口, 分享到:.
    _furniture(
        "site navigation", r"^【?\s*(?:字体|字号)\s*:?\s*大\s*中\s*小", max_length=40
    ),
    _furniture(
        "site navigation",
        r"^(?:打印本页|关闭窗口|收藏本页|返回顶部|返回列表|分享到|我要评论|推荐给朋友)",
        max_length=30,
    ),
    # Document-site preview text.
    _furniture(
        "preview", r"已阅读\s*\d+\s*页|还剩\s*\d+\s*页", max_length=60, meta=True
    ),
    _furniture(
        "preview",
        r"继续(?:免费)?阅读|下载本文档|本文档下载到",
        max_length=60,
        meta=True,
    ),
    _furniture("preview", r"^.{0,60}_第\s*\d+\s*页$", meta=True),
    _furniture("copyright notice", r"^版权说明\s*:", meta=True),
    _furniture(
        "format line",
        r"^(?:文档)?(?:格式|页数|大小|文件大小)\s*:",
        max_length=40,
        meta=True,
    ),
    _furniture("format line", r"^文档为\s*\w+\s*格式", max_length=40, meta=True),
    # Download prompts, disclaimers, copyright and ICP lines.
    # Any wording that offers a file: `下载…word格式文档`, `Word文档下载:….docx`.
    _furniture(
        "download prompt",
        r"下载.{0,80}(?:word格式文档|\.docx?|\.pdf|\.wps|\.txt|\.pptx?)$",
        max_length=100,
    ),
    _furniture("download prompt", r"点(?:击)?(?:此处|这里)?下载", max_length=40),
    _furniture("disclaimer", r"^(?:免责)?声明\s*:"),
    _furniture("copyright notice", r"版权所有|copyright|©\s*\d{4}", max_length=80),
    _furniture("ICP line", r"ICP\s*[备证]|公网安备", max_length=80),
    # Lines that are only a page number: 19, 1/90, 第3页, - 4 -.
    _furniture("page number", r"^[-—\s]*\d{1,4}[-—\s]*$"),
    _furniture("page number", r"^\d{1,4}\s*/\s*\d{1,4}$"),
    _furniture("page number", r"^第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?$"),
    _furniture(
        "page number", r"^共\s*\d{1,4}\s*页$|^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$"
    ),
    # Credit trailers: (责编:…), (文/图 …).
    _furniture(
        "credit trailer",
        r"^\(\s*(?:责编|责任编辑|编辑|文/图|图/文|文图|作者|来源|稿件来源)[:\s/].*\)$",
        max_length=60,
    ),
    # Journal metadata in any bracket style: [关键词], 〔关键词〕, 【关键词】.
    _furniture(
        "journal metadata",
        r"^[\[〔【(]?\s*(?:关键词|关键字|中图分类号|中图法分类号|文献标识码|文章编号"
        r"|doi|key\s*words?)\s*(?:[\]〕】)]\s*:?|:|\s)",
    ),
)
# Related-essay lists (data/related.txt) end the document: furniture.py.

# The word 摘要 with its brackets and colon is furniture; the abstract is the
# essay's lead.
ABSTRACT_PREFIX = re.compile(r"^[\[〔【(]?\s*摘\s*要\s*(?:[\]〕】)]\s*:?|:)\s*")

# Paragraphs of 80+ characters with under 20 % Han are navigation or junk.
LOW_HAN_MIN_LENGTH = 80
LOW_HAN_RATIO = 0.2
GARBLED_HAN_RATIO = 0.2

# Tables of contents (import-contract.md, "Site furniture").
TOC_HEADING = re.compile(r"^目\s*录\s*:?$")
TOC_ENTRY_MAX_LENGTH = 40
TOC_MIN_RUN = 3
TOC_ENTRY = re.compile(
    r"^\S.*?(?:(?:\.{2,}|…+|·{2,}|-{3,}|_{3,})\s*\d{0,4}"  # dot leaders, page
    r"|\s\d{1,4}"  # page number after a space
    r"|[^\d\s.,:/\-年月日]\d{1,4})$"  # page number glued: 一、存在的问题2
)

# --- watermarks ------------------------------------------------------------

# A blurb names the site before 小编/为您/为你/精选/整理.
BLURB_SITE = re.compile(
    r"^简介\s*:\s*(?P<site>[^\s,。:;]{2,20}?)(?:小编|为您|为你|精选|整理)"
)
# A 来源 line names a document site by its ending; a publication (人民网,
# 求是) is the article's source, not a watermark.
SOURCE_SITE = re.compile(
    r"^来源\s*:\s*(?P<site>[^\s,。:;]{0,20}?(?:文库|文档网|范文网|文秘网))"
)
# Words a blurb puts where a site name would be that are not names.
NOT_SITE_NAMES = frozenset({"本站", "本网", "本文", "小编", "我们", "编辑", "网站"})

URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&*+=%]*", re.IGNORECASE)
BARE_DOMAIN = re.compile(
    r"(?<![A-Za-z0-9.@-])[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})"
    r"(?:\.[A-Za-z0-9-]{1,63})*\.(?:com|cn|net|org|gov|edu|info|cc|top|vip|xyz|"
    r"io|co|me|tv|biz|site|wang|club|shop|hk|tw)(?![A-Za-z0-9-])",
    re.IGNORECASE,
)
# Pinyin glosses right after a Han character: 發(fā)展, 黨(dang).
PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+"
    r"(?:\s+[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)*\s*[)）]"
)
# Emoji of U+1F000-U+1FAFF with their modifiers (skin tones are in the block;
# joiners are removed with the zero-width characters; variation selectors).
EMOJI = re.compile(
    "[\U0001f000-\U0001faff][\U0001f000-\U0001faff\u200d\ufe0e\ufe0f\u20e3]*"
)
# A character used as a zero in dates (二○○九年) is not decoration.
ZERO_SYMBOLS = "○◯"

# What a site name leaves at the end of a <title>: 标题_, 标题 - , 标题|.
TITLE_SEPARATORS = re.compile(r"[\s_|\-—–]+$")

# --- essays ----------------------------------------------------------------

CN_NUMERAL = "[一二三四五六七八九十百零〇两壹贰叁肆伍陆柒捌玖拾佰]"
# The essay marker forms of import-contract.md, "Essays" (complete list).
_N = rf"(?:{CN_NUMERAL}+|\d+)"
ESSAY_MARKERS = (
    re.compile(rf"^第\s*{_N}\s*篇\s*:\s*(?P<title>.*)$"),
    re.compile(rf"^篇\s*{_N}\s*:\s*(?P<title>.*)$"),
    # Amendment §5.3: text after 【篇N:TITLE】 on its line is the first paragraph.
    re.compile(rf"^【\s*篇\s*{_N}\s*:\s*(?P<title>[^】]*?)\s*】\s*(?P<rest>.*)$"),
    re.compile(rf"^【\s*篇\s*{_N}\s*】\s*(?P<title>.*)$"),
    re.compile(rf"^【\s*第\s*{_N}\s*篇\s*】\s*(?P<title>.*)$"),
    # Amendment §5.4: 【第N篇 TITLE without its closing bracket; TITLE篇N.
    re.compile(rf"^【\s*第\s*{_N}\s*篇\s*:?\s*(?P<title>[^】]+)$"),
    re.compile(rf"^(?P<title>[^。!?\s][^。!?]{{1,60}}?)\s*篇\s*{_N}$"),
)
# Amendment §5.3: a marker may stand inside a line; the line splits before it.
INLINE_MARKER = re.compile(
    rf"(?<=[^\s【])(?:第\s*{_N}\s*篇\s*:|篇\s*{_N}\s*:|【\s*篇\s*{_N}|【\s*第\s*{_N}\s*篇)"
)
# Amendment §5.4: TITLEN with a bare Arabic N, a marker when TITLE1 and TITLE2 occur.
NUMBERED_TITLE = re.compile(r"^(?P<title>[^。!?\d][^。!?]{3,60}?)(?P<n>\d{1,2})$")
# Amendment §5.3: a date right after a marker.
MARKER_DATE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
)
MARKER_DATE_REACH = 60
# A title glued to itself has halves at least this long (谈谈 is a word).
MIN_DOUBLED_TITLE = 4
# A count of essays in the document's title: (3篇), 精选20篇, 汇编三篇.
ESSAY_COUNT = re.compile(r"(?<!第)(?P<n>\d+|[一二三四五六七八九十两]+)\s*篇")

# Date lines under an essay's title: (2010年4月20日), 2010年4月20日, 2010-04-20.
DATE_LINES = (
    re.compile(
        r"^\(?\s*(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*\)?$"
    ),
    re.compile(r"^\(?\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\s*\)?$"),
    re.compile(
        r"^\(?\s*(?P<y>[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,3})"
        r"\s*月\s*(?P<d>[一二三四五六七八九十]{1,3})\s*日\s*\)?$"
    ),
)


# Numbering styles and the structure's words live in styles.py; re-exported
# so every rule is still `patterns.NAME`.
from essays.importer.styles import *  # noqa: E402,F403
