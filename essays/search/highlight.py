"""Matched words wrapped in <mark>, the rest escaped."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_WIDTH = 90  # characters of context shown around the first match


def term_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, every occurrence of a term in <mark>."""
    pattern = term_pattern(terms)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [
            escape(text[last : match.start()]),
            f"<mark>{escape(match.group())}</mark>",
        ]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def snippet(text: str, terms: list[str], *, width: int = SNIPPET_WIDTH) -> SafeString:
    """A window of `text` around its first match, highlighted; '' if none."""
    pattern = term_pattern(terms)
    match = pattern.search(text) if pattern else None
    if match is None:
        return (
            highlight(text[:width] + ("…" if len(text) > width else ""), terms)
            if text
            else ""
        )
    start = max(0, match.start() - width // 3)
    end = min(len(text), start + width)
    window = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return highlight(window, terms)
