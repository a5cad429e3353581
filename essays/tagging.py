"""Topic tags from text: jieba's keywords matched against a curated vocabulary.

The vocabulary (`topics.txt` beside this module) names each topic and the words
that speak for it. Each text is segmented once with jieba (the vocabulary's
words are in its dictionary, so "统战工作" stays one token); the word counts
of a point's title and body give its topics, and summed over an essay they give
the essay's, ranked with jieba's TF-IDF weights. Only vocabulary topics are
assigned, so tags stay a small curated set that editors can extend; free
keywords would be noise ("同志", "工作").
"""

import heapq
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
        line = line.split("#", 1)[0].replace("：", ":").strip()
        if not line:
            continue
        name, _, rest = line.partition(":")
        name = name.strip()
        topics.append(name)
        for word in dict.fromkeys([name, *rest.split()]):
            words.setdefault(word, []).append(name)
    return Vocabulary(
        tuple(topics), {word: tuple(names) for word, names in words.items()}
    )


@cache
def vocabulary() -> Vocabulary:
    return parse_vocabulary(VOCABULARY_PATH.read_text(encoding="utf-8"))


def count_words(text: str) -> Counter:
    """How often each word of `text` occurs (jieba, precise mode)."""
    return Counter(segment.words(text))


def topic_scores(counts: Counter) -> Counter:
    """How often each vocabulary topic's words occur among `counts`."""
    words = vocabulary().words
    scores: Counter = Counter()
    for word, count in counts.items():
        for topic in words.get(word, ()):
            scores[topic] += count
    return scores


@cache
def idf_table():
    """jieba's IDF weights and stop words (as jieba.analyse.extract_tags uses)."""
    from jieba.analyse.tfidf import TFIDF

    extractor = TFIDF()
    return extractor.idf_freq, extractor.median_idf, extractor.stop_words


def keywords(counts: Counter, limit: int = KEYWORDS_PER_ESSAY) -> list[str]:
    """The words of highest TF-IDF weight, as jieba's extract_tags ranks them."""
    idf, median, stop_words = idf_table()
    kept = {
        word: count
        for word, count in counts.items()
        if len(word.strip()) >= 2 and word.lower() not in stop_words
    }
    total = sum(kept.values()) or 1
    weight = {
        word: count * idf.get(word, median) / total for word, count in kept.items()
    }
    return heapq.nlargest(limit, weight, key=weight.get)


def essay_topics(counts: Counter) -> list[str]:
    """The topics of a whole essay (its words counted), best first."""
    scores = topic_scores(counts)
    words = vocabulary().words
    boosted = {topic for word in keywords(counts) for topic in words.get(word, ())}
    chosen = [
        topic
        for topic, score in scores.most_common()
        if score >= ESSAY_MIN_SCORE or (topic in boosted and score >= 2)
    ]
    return chosen[:ESSAY_MAX_TOPICS]


def point_topics(title_counts: Counter, counts: Counter) -> list[str]:
    """The topics of one point: named in its title, or twice in its text."""
    in_title = topic_scores(title_counts)
    chosen = [
        topic
        for topic, score in topic_scores(counts).most_common()
        if topic in in_title or score >= 2
    ]
    return chosen[:POINT_MAX_TOPICS]
