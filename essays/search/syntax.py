"""The query language readers type, parsed before any engine sees it.

    统战 建议          both words (AND)
    "群众工作 方法"     a phrase: these characters in this order
    -信访              no entry containing 信访
    统战工作            a dictionary term: kept whole, found by its parts too

Like PostgreSQL's websearch_to_tsquery, nothing a reader types is a syntax
error: an unmatched quote runs to the end, a lone "-" is ignored. Chinese
quotes (“” 「」 『』) are quotes. Every part is normalized (normalize.py).
"""

import re
from dataclasses import dataclass, field

from essays.search.normalize import normalize
from essays.search.segment import query_terms

MAX_LENGTH = 200
MAX_PARTS = 10  # a pasted paragraph is not a query; its first words are enough
QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
PART = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


@dataclass
class ParsedQuery:
    text: str  # as typed (trimmed)
    words: list[str] = field(default_factory=list)  # normalized
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def positive(self) -> list[str]:
        return [*self.words, *self.phrases]

    @property
    def terms(self) -> list[str]:
        """jieba's words of the positive parts, for "分词: …" and highlighting."""
        terms: list[str] = []
        for part in self.positive:
            pieces = [t for t in query_terms(part) if len(t) > 1 or len(part) == 1]
            for term in [part, *pieces]:
                if term not in terms:
                    terms.append(term)
        return terms

    def replaced(self, word: str, by: str) -> str:
        """The query's text with one word replaced (a suggestion)."""
        return self.text.replace(word, by, 1) if word in self.text else by


def parse_query(text: str) -> ParsedQuery:
    text = " ".join((text or "").split())[:MAX_LENGTH]
    parsed = ParsedQuery(text=text)
    for match in PART.finditer(normalize(text.translate(QUOTES))):
        if match.group(2) is not None:
            negated, value, is_phrase = match.group(1), match.group(2), True
            value = "".join(value.split()) if not value.isascii() else value.strip()
        else:
            negated, value, is_phrase = match.group(3), match.group(4), False
        value = value.strip("-")
        if not value or not query_terms(value):
            continue
        target = (
            parsed.excluded
            if negated
            else (parsed.phrases if is_phrase else parsed.words)
        )
        if (
            value not in target
            and len(parsed.positive) + len(parsed.excluded) < MAX_PARTS
        ):
            target.append(value)
    return parsed
