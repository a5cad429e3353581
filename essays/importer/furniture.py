"""Site furniture, line by line: what a line is when it is not content.

The contract's furniture (patterns.FURNITURE) and the amendment's additions
(§3.2 preview chrome and site notices, §3.4 blurbs, §3.6 Q&A chrome, §3.7
forum lines and anti-scraping junk). Word lists are data (lexicon); shapes
that need more than a word are regexes in patterns.py.
"""

from __future__ import annotations

import re

from essays.importer import lexicon, patterns, shapes
from essays.importer.numbering import leading_label

# Short lines only: a long line that mentions a chrome word is content.
CHROME_MAX_LENGTH = 40
STUB_MAX_LENGTH = 30
# What a whole-line furniture word may carry around it: 【导读】, 导读:.
_LINE_DECORATION = re.compile(r"[\s\[\]【】〔〕()<>《》:_\-—|·•]+")
_ANY = re.compile("")
# `相关文章推荐:` is a heading; a longer line opening with the word is text.
RELATED_TAIL = 4
RELATED = patterns.Furniture("related essays", _ANY, drop_rest=True)


def _kind(name: str, meta: bool = False) -> patterns.Furniture:
    return patterns.Furniture(name, _ANY, meta=meta)


def is_related_heading(line: str) -> bool:
    """A `相关推荐`-type heading (data/related.txt), bulleted, glossed or bracketed.

    Alone on its line or with a short tail (`相关文章推荐:`), so a sentence
    that opens with `相关资料显示` stays text.
    """
    bare = _LINE_DECORATION.sub("", patterns.PINYIN_GLOSS.sub("", line))
    bare = patterns.fold(bare)
    return any(
        bare.startswith(word) and len(bare) <= len(word) + RELATED_TAIL
        for word in lexicon.words("related")
    )


def _is_toolbar(folded: str) -> bool:
    """A row of page buttons: `举报 | 收藏 | 分享`, `点赞(12) 收藏 打印`."""
    tokens = [
        token.strip("0123456789").lower()
        for token in _LINE_DECORATION.split(folded)
        if token.strip("0123456789")
    ]
    buttons = lexicon.word_set("furniture_lines")
    return len(tokens) >= 2 and all(token in buttons for token in tokens)


def furniture_kind(
    line: str, *, before_text: bool = False
) -> patterns.Furniture | None:
    """The kind of site furniture a line is, if it is one.

    `before_text`: no content line has been seen yet, so site notices
    (§3.2) are furniture even when not numbered.
    """
    folded = patterns.fold(line)
    if len(line) <= CHROME_MAX_LENGTH and is_related_heading(line):
        return RELATED
    for furniture in (*patterns.FURNITURE, *shapes.FURNITURE):
        if len(line) <= furniture.max_length and furniture.pattern.search(folded):
            return furniture
    if (
        len(line) >= patterns.LOW_HAN_MIN_LENGTH
        and _han_ratio(line) < patterns.LOW_HAN_RATIO
    ):
        return _kind("low-Han paragraph")
    if shapes.JUNK_LINE.match(folded) and not patterns.HAN.search(line):
        return _kind("anti-scraping junk")
    return _amended_kind(line, folded, before_text)


def _amended_kind(
    line: str, folded: str, before_text: bool
) -> patterns.Furniture | None:
    """The amendment's furniture: chrome, badges, notices, blurbs, stubs."""
    # An editor's mark removes a line; it does not make the line a header
    # meta line (§3.1), which would throw away the title above it.
    if _is_editor_furniture(folded):
        return _kind("editor's furniture")
    bare = _LINE_DECORATION.sub("", folded).lower()
    if bare and bare in lexicon.word_set("furniture_lines"):
        return _kind("page chrome", meta=True)
    if _is_toolbar(folded):
        return _kind("page chrome", meta=True)
    if bare and bare in lexicon.word_set("badges"):
        return _kind("badge", meta=True)
    if _is_notice(line, folded, before_text):
        return _kind("site notice", meta=True)
    if is_blurb(folded):
        return _kind("blurb")
    numbered = leading_label(line, folded) is not None
    if len(line) <= CHROME_MAX_LENGTH and not numbered and _holds(folded, "furniture"):
        return _kind("page chrome", meta=True)
    if len(line) <= STUB_MAX_LENGTH and not numbered and _holds(folded, "qa_stubs"):
        return _kind("question stub")
    return None


def _han_ratio(text: str) -> float:
    return len(patterns.HAN.findall(text)) / len(text)


def _holds(folded: str, list_name: str) -> bool:
    matcher = lexicon.matcher(list_name)
    return matcher is not None and matcher.search(folded) is not None


def _is_editor_furniture(folded: str) -> bool:
    """A line holding a phrase an editor marked as furniture (and not much more)."""
    for phrase in lexicon.current_rules().furniture:
        phrase = patterns.fold(phrase)
        if phrase in folded and len(folded) <= 2 * len(phrase) + CHROME_MAX_LENGTH:
            return True
    return False


def is_editor_line(line: str) -> bool:
    """Whether an editor marked this line, or a phrase in it, as furniture.

    Asked again once watermarks are gone: the editor marked the line as the
    preview showed it, without the watermark words (a URL) the raw line had.
    """
    folded = patterns.fold(line)
    bare = _LINE_DECORATION.sub("", folded).lower()
    marked_lines = {
        _LINE_DECORATION.sub("", patterns.fold(entry)).lower()
        for entry in lexicon.current_rules().extra("furniture_lines")
    }
    return (bare and bare in marked_lines) or _is_editor_furniture(folded)


def _is_notice(line: str, folded: str, before_text: bool) -> bool:
    """§3.2: a notice phrase in a line that starts with a number or bullet,
    or that stands before the first text."""
    if not _holds(folded, "notice_phrases"):
        return False
    if shapes.NUMBERED_LINE.match(folded):
        return True
    # Unnumbered, it must read like a notice, not like a title naming 版权.
    return before_text and bool(re.search(r"[\d:,。;!]", folded))


def is_blurb(folded: str) -> bool:
    """§3.4: a line opened by 摘要/导语/导读… that holds a blurb word."""
    openers = lexicon.matcher("blurb_openers")
    if openers is None or not openers.match(folded.lstrip("[〔【( ")):
        return False
    return _holds(folded, "blurb_words")


def is_meta(kind: patterns.Furniture | None) -> bool:
    """Whether a furniture kind is a header meta line (§3.1)."""
    return kind is not None and kind.meta
