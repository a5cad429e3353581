"""Topic tags from text: jieba's keywords matched against a curated vocabulary.

The vocabulary (`topics.txt` beside this module) names each topic and the words
that speak for it. A text is segmented once with jieba (the vocabulary's words
added to its dictionary, so "统战工作" stays one token); a topic's score is how
often its words occur, and an essay's topics are also ranked by jieba's TF-IDF
keywords. Only vocabulary topics are ever assigned, so tags stay a small,
curated set that editors can extend; free keywords would be noise ("同志").
"""

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from essays.search import segment

VOCABULARY_PATH = Path(__file__).with_name("topics.txt")
ESSAY_MIN_SCORE = 3  # occurrences: a passing mention does not make a topic
ESSAY_MAX_TOPICS = 6
POINT_MAX_TOPICS = 3
KEYWORDS_PER_ESSAY = 30


@dataclass(frozen=True)
class Vocabulary:
    """Topic names and, for each word, the topics it speaks for."""

    topics: tuple[str, ...]
    words: dict[str, tuple[str, ...]]


def parse_vocabulary(text: str) -> Vocabulary:
    """Read the `名称: 词 词 …` lines of a vocabulary file."""
    topics: list[str] = []
    words: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, rest = line.replace("：", ":").partition(":")
        name = name.strip()
        topics.append(name)
        for word in {name, *rest.split()}:
            words.setdefault(word, []).append(name)
    return Vocabulary(
        tuple(topics), {word: tuple(names) for word, names in words.items()}
    )


@cache
def vocabulary() -> Vocabulary:
    return parse_vocabulary(VOCABULARY_PATH.read_text(encoding="utf-8"))


@cache
def keyword_extractor():
    from jieba.analyse import TFIDF

    extractor = TFIDF()
    extractor.tokenizer = segment.tokenizer()  # allowPOS is never used
    return extractor


def topic_scores(text: str) -> Counter:
    """How often each vocabulary topic's words occur in `text`."""
    words = vocabulary().words
    scores: Counter = Counter()
    for token in segment.tokens(text):
        for topic in words.get(token, ()):
            scores[topic] += 1
    return scores


def essay_topics(text: str) -> list[str]:
    """The topics of a whole essay, best first."""
    scores = topic_scores(text)
    words = vocabulary().words
    keywords = keyword_extractor().extract_tags(text, topK=KEYWORDS_PER_ESSAY)
    boosted = {topic for keyword in keywords for topic in words.get(keyword, ())}
    chosen = [
        topic
        for topic, score in scores.most_common()
        if score >= ESSAY_MIN_SCORE or (topic in boosted and score >= 2)
    ]
    return chosen[:ESSAY_MAX_TOPICS]


def point_topics(title: str, body: str) -> list[str]:
    """The topics of one point: named in its title, or twice in its text."""
    in_title = topic_scores(title)
    overall = topic_scores(f"{title}\n{body}")
    chosen = [
        topic
        for topic, score in overall.most_common()
        if topic in in_title or score >= 2
    ]
    return chosen[:POINT_MAX_TOPICS]
