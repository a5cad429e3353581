"""Chinese word segmentation with jieba, loaded once per process.

The same tokens feed tagging and every search backend (design.md, "Growing
past one machine"), so results agree across engines. The topic vocabulary's
words are added to jieba's dictionary so "统战工作" stays one token.
"""

import logging
import re
from functools import cache
from pathlib import Path

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "topics.txt"
# Tokens that carry no meaning on their own in a query.
PUNCTUATION = re.compile(r"^[\W_]+$")


def vocabulary_words() -> list[str]:
    """Every word of the topic vocabulary (names and trigger words)."""
    words = []
    for line in VOCABULARY_PATH.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].replace("：", ":").strip()
        if line:
            name, _, rest = line.partition(":")
            words += [name.strip(), *rest.split()]
    return words


@cache
def tokenizer():
    """jieba's tokenizer with its dictionary loaded (about half a second)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces every dictionary load
    instance = jieba.Tokenizer()
    instance.initialize()
    for word in vocabulary_words():
        instance.add_word(word, freq=100_000)
    return instance


def words(text: str) -> list[str]:
    """jieba's precise-mode words of `text` (each character in one word)."""
    return list(tokenizer().cut(text))


def tokens(text: str) -> list[str]:
    """jieba's search-mode tokens of `text` (words and their sub-words)."""
    return list(tokenizer().cut_for_search(text))


def query_terms(query: str) -> list[str]:
    """The distinct words of a search query, in order; punctuation dropped."""
    terms: list[str] = []
    for term in tokenizer().cut(query):
        term = term.strip()
        if term and not PUNCTUATION.match(term) and term not in terms:
            terms.append(term)
    return terms
