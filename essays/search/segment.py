"""Chinese word segmentation with jieba, loaded once per process.

The same tokens feed tagging and every search backend (design.md, "Growing
past one machine"), so results agree across engines. The topic vocabulary's
words are added to jieba's dictionary so "统战工作" stays one token.
"""

import logging
import re
from functools import cache, lru_cache

# Tokens that carry no meaning on their own in a query.
PUNCTUATION = re.compile(r"^[\W_]+$")
# jieba's own block pattern (jieba.re_han_default): it segments each run of
# these characters on its own, so a text's tokens are its blocks' tokens in
# order, and a block seen before (a stock phrase, a repeated clause) is not
# segmented again.
BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")


@cache
def tokenizer():
    """jieba's tokenizer with its dictionary loaded (about half a second)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces every dictionary load
    instance = jieba.Tokenizer()
    instance.initialize()
    from essays.tagging import vocabulary  # tagging segments with this module

    for word in vocabulary().words:
        instance.add_word(word, freq=100_000)
    return instance


def words(text: str) -> list[str]:
    """jieba's precise-mode words of `text` (each character in one word)."""
    return list(tokenizer().cut(text))


def query_terms(query: str) -> list[str]:
    """The distinct words of a search query, in order; punctuation dropped."""
    terms: list[str] = []
    for term in tokenizer().cut(query):
        term = term.strip()
        if term and not PUNCTUATION.match(term) and term not in terms:
            terms.append(term)
    return terms


def index_tokens(text: str) -> list[str]:
    """jieba's search-mode tokens of normalized `text`: words and their parts.

    Search mode adds the dictionary words inside a long word (统战工作 gives
    统战, 工作 and 统战工作), so a query for a part finds the whole.
    """
    return [token for block in BLOCK.split(text) for token in block_tokens(block)]


@lru_cache(maxsize=200_000)
def block_tokens(block: str) -> tuple[str, ...]:
    """`index_tokens` of one block; cleared when the dictionary changes."""
    return tuple(
        token
        for token in (token.strip() for token in tokenizer().cut_for_search(block))
        if token and not PUNCTUATION.match(token)
    )


def add_words(words) -> None:
    """Keep `words` whole when segmenting (the search dictionary)."""
    instance = tokenizer()
    for word in words:
        if word and word not in instance.FREQ:
            instance.add_word(word, freq=100_000)
            block_tokens.cache_clear()
