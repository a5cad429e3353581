"""Topic tags from text: a curated vocabulary, ranked with jieba."""

from collections import Counter

import pytest

from essays import tagging
from tests.conftest import BUNDLED, parsed_document


def essay_counts(title: str) -> Counter:
    document = parsed_document(BUNDLED)
    essay = next(essay for essay in document.essays if essay.title == title)
    from essays.writer import WordCounts

    return WordCounts().essay(essay)


def test_vocabulary_lines_name_a_topic_and_its_words():
    vocabulary = tagging.parse_vocabulary(
        "# 注释\n统战工作: 统战 党外人士\n群众工作：群众 统战\n"
    )
    assert vocabulary.topics == ("统战工作", "群众工作")
    assert vocabulary.words["统战工作"] == ("统战工作",)
    assert vocabulary.words["统战"] == ("统战工作", "群众工作")


def test_the_shipped_vocabulary_has_the_topics_the_issue_names():
    names = set(tagging.vocabulary().topics)
    for name in (
        "统战工作",
        "群众工作",
        "党风廉政",
        "企业文化",
        "干部管理",
        "思想政治工作",
        "基层党建",
        "社会稳定",
    ):
        assert name in names


def test_vocabulary_words_stay_one_word_when_segmented():
    assert "统战工作" in tagging.count_words("要做好基层统战工作。")


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("浅谈如何做好新时期基层统战工作", "统战工作"),
        ("浅谈如何做好新时期基层群众工作", "群众工作"),
        ("如何做好新时期的基层党群工作", "企业文化"),
    ],
)
def test_essays_get_the_topics_they_are_about(title, topic):
    assert topic in tagging.essay_topics(essay_counts(title))


def test_an_essay_gets_at_most_six_topics():
    assert (
        0 < len(tagging.essay_topics(essay_counts("如何做好新时期的基层党群工作"))) <= 6
    )


def test_a_passing_mention_does_not_make_an_essay_topic():
    counts = tagging.count_words("我们要认真学习,统战方面也要注意。")
    assert tagging.essay_topics(counts) == []


@pytest.mark.parametrize(
    ("title", "body", "topic"),
    [
        ("要管企业文化建设。", "企业文化是企业的灵魂。", "企业文化"),
        ("要管廉政。", "书记要带头廉洁自律。", "党风廉政"),
        ("注重群防群治,及时化解矛盾。", "", "社会稳定"),
    ],
)
def test_points_get_topics_named_in_their_title(title, body, topic):
    title_counts = tagging.count_words(title)
    counts = title_counts + tagging.count_words(body)
    assert topic in tagging.point_topics(title_counts, counts)


def test_a_point_about_nothing_in_the_vocabulary_has_no_topic():
    counts = tagging.count_words("要讲究方法。")
    assert tagging.point_topics(counts, counts) == []


def test_keywords_rank_like_jiebas_extract_tags():
    text = "加强基层统战工作,团结民主党派和党外人士,统战工作要创新。" * 3
    from jieba.analyse.tfidf import TFIDF

    extractor = TFIDF()
    extractor.tokenizer = tagging.segment.tokenizer()
    expected = extractor.extract_tags(text, topK=3)
    assert tagging.keywords(tagging.count_words(text), 3) == expected
