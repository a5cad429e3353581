"""Matched words wrapped in <mark>, the rest escaped.

Terms are normalized (simplified, digits); they are looked for in the
normalized text and marked in the original, so 群眾 is marked for 群众 and 十
for 10.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from essays.search.normalize import normalize, normalize_with_offsets

SNIPPET_WIDTH = 90  # characters of context shown around the first match


def term_pattern(terms: list[str]) -> re.Pattern | None:
    terms = [normalize(term) for term in terms if term.strip()]
    if not terms:
        return None
    alternatives = sorted({re.escape(term) for term in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives))


def spans(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    """Where the terms occur in `text`, as spans of the original."""
    if pattern is None or not text:
        return []
    normalized = normalize_with_offsets(text)
    return [normalized.span(*m.span()) for m in pattern.finditer(normalized.text)]


def marked(text: str, found: list[tuple[int, int]]) -> SafeString:
    parts, last = [], 0
    for start, end in found:
        if start < last:
            continue
        parts += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, every occurrence of a term in <mark>."""
    return marked(text, spans(text, term_pattern(terms)))


def snippet(text: str, terms: list[str], *, width: int = SNIPPET_WIDTH) -> SafeString:
    """A window of `text` around its first match, highlighted; its start if none."""
    if not text:
        return mark_safe("")
    found = spans(text, term_pattern(terms))
    if not found:
        return escape(text[:width] + ("…" if len(text) > width else ""))
    # Centred on the longest term's first occurrence (the whole word typed,
    # rather than one of its parts that happens to come earlier).
    longest = max(end - start for start, end in found)
    anchor = next(start for start, end in found if end - start == longest)
    start = max(0, anchor - width // 3)
    end = min(len(text), start + width)
    inside = [(s - start, e - start) for s, e in found if s >= start and e <= end]
    window = marked(text[start:end], inside)
    return mark_safe(("…" if start else "") + window + ("…" if end < len(text) else ""))
