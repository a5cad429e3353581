"""Display typography: Chinese punctuation inside Chinese text, at render time.

Scraped sources often type ASCII punctuation inside Chinese sentences
(`进入新世纪新阶段,随着…`). Pages show it full-width; the stored text keeps
what the source had (decisions.md, "Typography"), and an essay can turn this
off (`Essay.typography`). The rules, each for a whole class of input:

- `,` `:` `;` `?` `!` become `，：；？！` next to Chinese: after a Chinese
  character, or before one when the mark does not sit between two digits or
  letters. `1,000`, `3:30`, `1.5`, `Hello, world` and `a;b` stay.
- `(…)` becomes `（…）` when the brackets hold Chinese, or touch Chinese outside
  and do not follow a Latin letter or digit (`(2)必须…` yes, `f(x)函数` no).
- A lone `…` or a run of three or more `.` next to Chinese becomes `……`.
- Spaces between a converted mark and Chinese go: a full-width mark carries
  its own space.
- URLs, e-mail addresses and the text of `<code>`, `<pre>`, `<kbd>`, `<samp>`,
  `<script>`, `<style>` and `<textarea>` are never touched.

`typeset_html()` works on HTML that is already escaped (a template's output,
a search snippet with `<mark>`): tags and entities pass through unchanged and
are transparent to the rules, so `<mark>人员</mark>,` still sees 员. It never
unescapes or escapes; `typeset_html(escape(s)) == escape(typeset_text(s))`.
Applying either twice changes nothing more.
"""

import html
import re
from functools import lru_cache

# Chinese for these rules: Han ideographs (with extensions and compatibility
# forms), CJK symbols and punctuation (、。《》「」【】…) and full-width forms
# (，：（）０-９…). Curly quotes are not counted: English uses them too.
CHINESE = re.compile(
    "[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
    "\U00020000-\U0003134f]"
)
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
ASCII_WORD = re.compile("[A-Za-z0-9]")
SPACES = " \t"
SPACES_OR_GONE = {" ", "\t", ""}  # "": a space already dropped

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
ELLIPSIS = "……"
MAY_CHANGE = re.compile(r"[,:;?!()…]|\.\.\.")  # text without these stays as it is

# Never touched: an address ends before trailing punctuation, so the comma in
# `见https://example.com/a,然后` is still a sentence's comma.
PROTECTED = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]*[A-Za-z0-9/#=&%_~-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
TOKEN = re.compile(
    r"<!--.*?-->|<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
    re.S,
)
RAW_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)")


class Text:
    """The visible characters of a string, and which of them may change."""

    def __init__(self, chars: list[str], editable: list[bool]):
        self.chars = chars
        self.editable = editable
        protect(self)

    def is_chinese(self, index: int) -> bool:
        return 0 <= index < len(self.chars) and bool(CHINESE.match(self.chars[index]))

    def is_word(self, index: int) -> bool:
        return 0 <= index < len(self.chars) and bool(
            ASCII_WORD.match(self.chars[index])
        )

    def skip_spaces(self, index: int, step: int) -> int:
        """The nearest index from `index` on that holds neither space nor nothing."""
        while 0 <= index < len(self.chars) and self.chars[index] in SPACES_OR_GONE:
            index += step
        return index

    def set(self, index: int, char: str) -> bool:
        if self.chars[index] == char:
            return False
        self.chars[index] = char
        return True


def protect(text: Text) -> None:
    for match in PROTECTED.finditer("".join(text.chars)):
        for index in range(*match.span()):
            text.editable[index] = False


def convert_marks(text: Text) -> bool:
    """`,:;?!` next to Chinese become full-width; spaces around them go."""
    changed = False
    marks = [i for i, char in enumerate(text.chars) if char in FULL_WIDTH]
    for index in marks:
        char = text.chars[index]
        if not text.editable[index]:
            continue
        before = text.skip_spaces(index - 1, -1)
        after = text.skip_spaces(index + 1, 1)
        after_chinese = text.is_chinese(after) and not (
            text.is_word(index - 1) and text.is_word(index + 1)
        )
        if text.is_chinese(before) or after_chinese:
            changed |= text.set(index, FULL_WIDTH[char])
            drop_spaces(text, range(before + 1, index))
            drop_spaces(text, range(index + 1, after))
    return changed


def drop_spaces(text: Text, indexes: range) -> None:
    for index in indexes:
        if text.editable[index]:
            text.chars[index] = ""


def bracket_pairs(text: Text) -> tuple[list[tuple[int, int]], list[int]]:
    """Matched `(`…`)` pairs (innermost first) and the brackets left unmatched."""
    pairs, opened, unmatched = [], [], []
    brackets = [i for i, char in enumerate(text.chars) if char in "()"]
    for index in brackets:
        if not text.editable[index]:
            continue
        if text.chars[index] == "(":
            opened.append(index)
        else:
            if opened:
                pairs.append((opened.pop(), index))
            else:
                unmatched.append(index)
    return pairs, unmatched + opened


def convert_brackets(text: Text) -> bool:
    """`(…)` around or beside Chinese becomes `（…）`."""
    changed = False
    pairs, unmatched = bracket_pairs(text)
    for start, end in pairs:
        inside = "".join(text.chars[start + 1 : end])
        before = text.skip_spaces(start - 1, -1)
        after = text.skip_spaces(end + 1, 1)
        beside = not text.is_word(start - 1) and (
            text.is_chinese(before) or text.is_chinese(after)
        )
        if HAN.search(inside) or beside:
            changed |= text.set(start, "（")
            changed |= text.set(end, "）")
    for index in unmatched:
        # A title cut short keeps its `(`: `(2010年4月…`.
        if text.chars[index] == "(" and text.is_chinese(index + 1):
            changed |= text.set(index, "（")
        elif text.chars[index] == ")" and text.is_chinese(index - 1):
            changed |= text.set(index, "）")
    return changed


def convert_ellipses(text: Text) -> bool:
    """A lone `…` or `...` next to Chinese becomes `……`."""
    changed = False
    chars, index = text.chars, 0
    starts = [i for i, char in enumerate(chars) if char in ".…"]
    for index in starts:
        char = chars[index]
        if index > 0 and chars[index - 1] == char:
            continue  # inside a run already looked at
        end = index + 1
        while end < len(chars) and chars[end] == char:
            end += 1
        is_run = end - index == 1 if char == "…" else end - index >= 3
        if not is_run or not all(text.editable[index:end]):
            continue
        if text.is_chinese(index - 1) or text.is_chinese(end):
            chars[index:end] = [ELLIPSIS] + [""] * (end - index - 1)
            changed = True
    return changed


def apply_rules(text: Text, *, then_chinese: bool = False) -> None:
    """Every rule until none changes anything (each only ever converts)."""
    if then_chinese:  # a label: its title, Chinese, follows it
        text.chars.append("中")
        text.editable.append(False)
    while True:
        changed = convert_brackets(text)
        changed |= convert_marks(text)
        if not changed:
            break
    convert_ellipses(text)
    if then_chinese:
        text.chars.pop()
        text.editable.pop()


# The rules are pure functions of a string, and pages show the same titles and
# labels again and again (a topic page: 300 of them): the strings typeset
# lately are kept with what they became, the least recently used dropped first.
CACHED_STRINGS = 4096


def typeset_text(value: str, *, then_chinese: bool = False) -> str:
    """Plain text with display typography (no HTML involved)."""
    if not MAY_CHANGE.search(value):
        return value
    return typeset_plain(value, then_chinese)


@lru_cache(maxsize=CACHED_STRINGS)
def typeset_plain(value: str, then_chinese: bool) -> str:
    """The rules on plain text that may change (`typeset_text`, `typeset_html`)."""
    text = Text(list(value), [True] * len(value))
    apply_rules(text, then_chinese=then_chinese)
    return "".join(text.chars)


def typeset_html(value: str, *, then_chinese: bool = False) -> str:
    """Escaped HTML with display typography; tags and entities stay as they are.

    `then_chinese` reads the text as followed by Chinese, for a label that
    stands before its title: `(2)` shows as `（2）`.
    """
    if not MAY_CHANGE.search(value):
        return value
    if "<" not in value and "&" not in value:  # no tags or entities: plain text
        return typeset_plain(value, then_chinese)
    return typeset_markup(value, then_chinese)


@lru_cache(maxsize=CACHED_STRINGS)
def typeset_markup(value: str, then_chinese: bool) -> str:
    """`typeset_html` for a string holding tags or entities."""
    pieces: list[str] = []  # the output, one slot per text character
    chars: list[str] = []  # visible characters, entities decoded
    editable: list[bool] = []
    slots: list[int | None] = []  # where each visible character sits in pieces
    raw_depth = 0
    last = 0
    for match in [*TOKEN.finditer(value), None]:
        start = match.start() if match else len(value)
        segment = value[last:start]
        slots.extend(range(len(pieces), len(pieces) + len(segment)))
        pieces.extend(segment)
        chars.extend(segment)
        editable.extend([raw_depth == 0] * len(segment))
        if match is None:
            break
        token = match.group()
        pieces.append(token)
        last = match.end()
        if token.startswith("&"):
            chars.append(html.unescape(token))
            editable.append(False)
            slots.append(None)
        elif (name := TAG_NAME.match(token)) and name.group(2).lower() in RAW_ELEMENTS:
            raw_depth = max(0, raw_depth + (-1 if name.group(1) else 1))
    text = Text(chars, editable)
    apply_rules(text, then_chinese=then_chinese)
    for index, slot in enumerate(slots):
        if slot is not None:
            pieces[slot] = text.chars[index]
    return "".join(pieces)


# Characters a cut title should not end on before its `……`.
TRAILING = " \t,，、;；:：.。"


def clip(value: str, length: int) -> str:
    """`value` cut to at most `length` characters, ending with `……` if cut."""
    if length < 3 or len(value) <= length:
        return value
    return value[: length - len(ELLIPSIS)].rstrip(TRAILING) + ELLIPSIS


SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
HEADING_LENGTH = 30


def first_sentence(text: str) -> str:
    """The first non-empty sentence of `text` (up to and without its end mark)."""
    for line in text.splitlines():
        for sentence in SENTENCE_END.split(line):
            if sentence.strip():
                return sentence.strip().rstrip("。；;")
    return ""


def section_heading(section, point_titles: list[str]) -> str:
    """What a reader sees for a section: its title, or else its own first words.

    An unnumbered group imported without a heading has no title; readers see
    the first sentence of its body, or else the titles of its first points
    (`加强组织建设、加强服务阵地建设等3条`), or else `第N部分` -- never `（无标题）`.
    """
    if section.title.strip():
        return section.title
    if sentence := first_sentence(section.body):
        return clip(sentence, HEADING_LENGTH)
    titles = [first_sentence(title) for title in point_titles]
    titles = [title for title in titles if title]
    if titles:
        named = "、".join(titles[:2])
        more = f"等{len(titles)}条" if len(titles) > 2 else ""
        return clip(named, HEADING_LENGTH - len(more)) + more
    return f"第{section.position}部分"
