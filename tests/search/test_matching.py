"""What a query finds: words, dictionary terms, phrases, exclusion, filters,
scripts, numerals, suggestions; on the bundled corpus."""

import pytest

from essays.models import Essay, Point, Section
from essays.search import segment
from essays.search.results import SearchResults
from tests.search.conftest import containing, everything, keys

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "word", ["统战", "信访", "党建", "民主党派", "职工思想", "统一战线", "桂东"]
)
def test_a_word_finds_exactly_the_entries_that_contain_it(corpus, word):
    expected = containing(word)
    assert expected, f"{word} is in the bundled corpus"
    assert keys(everything(word)) == expected


@pytest.mark.parametrize("character", ["桂", "廉", "侨"])
def test_one_character_finds_the_words_it_stands_in(corpus, character):
    assert keys(everything(character)) == containing(character)


def test_words_are_anded(corpus):
    both = keys(everything("统战 制度"))
    assert both and both == containing("统战") & containing("制度")


def test_typed_results_with_counts_per_kind(corpus):
    results = everything("统战工作")
    assert isinstance(results, SearchResults)
    assert set(results.counts) == {"point", "section", "essay"}
    assert results.total == sum(results.counts.values()) == len(results.hits)
    hit = results.hits[0]
    assert hit.essay.pk and hit.url and "<mark>" in hit.title_html + hit.snippet_html
    assert {h.kind for h in results.hits} == {"point", "section", "essay"}


def test_dictionary_terms_stay_whole_and_are_found_by_their_parts(corpus):
    for term in ("统战工作", "三会一课", "一岗双责", "党风廉政"):
        assert term in segment.words(f"加强{term}的落实"), term
    essay = Essay.objects.get(position=1)
    section = essay.sections.first()
    point = Point.objects.create(
        essay=essay, section=section, position=99, title="落实三会一课和一岗双责制度"
    )
    for query in ("三会一课", "一岗双责", "一课", "双责"):
        assert ("point", point.pk) in keys(everything(query)), query


def test_a_term_added_in_the_admin_is_kept_whole(corpus, admin_client):
    response = admin_client.post(
        "/admin/search/dictionaryterm/add/", {"word": "桂东经验", "note": "测试"}
    )
    assert response.status_code == 302
    assert "桂东经验" in segment.words("推广桂东经验")


def test_a_quoted_phrase_must_occur_as_written(corpus):
    phrase = everything('"群众工作"')
    assert keys(phrase) == containing("群众工作")
    scattered = everything("群众 工作")
    assert keys(phrase) < keys(scattered)
    spaced = everything("“群众 工作”")  # Chinese quotes; the space is ignored
    assert keys(spaced) == keys(phrase)


def test_minus_excludes(corpus):
    without = keys(everything("统战 -民主党派"))
    assert without == containing("统战") - containing("民主党派")
    assert without < keys(everything("统战"))


def test_only_exclusions_find_nothing(corpus):
    assert everything("-统战").total == 0


def test_filters(corpus):
    essay = Essay.objects.get(position=1)
    assert {h.essay.pk for h in everything("工作", essay=essay.slug).hits} == {essay.pk}
    points = everything("统战", kind="point")
    assert points.total == points.counts["point"] and {h.kind for h in points.hits} == {
        "point"
    }
    assert points.counts["essay"] > 0  # counts per kind ignore the kind filter
    category = Section.objects.exclude(category="other").first().category
    for hit in everything("工作", category=category).hits:
        assert hit.kind != "essay" and hit.section.category == category
    topic = Point.objects.filter(topics__isnull=False).first().topics.first()
    tagged = everything("工作", topic=topic.slug, kind="point")
    assert tagged.total and all(topic in hit.point.topics.all() for hit in tagged.hits)
    assert everything("工作", collection=corpus.pk).total == everything("工作").total
    assert everything("工作", collection=corpus.pk + 1000).total == 0
    assert everything("工作", topic="no-such-topic").total == 0


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("群眾工作", "群众工作"), ("統戰工作", "统战工作"), ("職工思想", "职工思想")],
)
def test_traditional_and_simplified_find_each_other(corpus, traditional, simplified):
    found = everything(traditional)
    assert found.total and keys(found) == keys(everything(simplified))
    assert any("<mark>" in h.title_html + h.snippet_html for h in found.hits)


def test_traditional_text_is_found_by_simplified_queries(corpus):
    essay = Essay.objects.get(position=1)
    point = Point.objects.create(
        essay=essay, section=essay.sections.first(), position=98, body="做好統戰工作"
    )
    hit = next(h for h in everything("统战工作").hits if h.point == point)
    assert "<mark>統戰工作</mark>" in hit.snippet_html  # stored text unchanged


@pytest.mark.parametrize(
    ("chinese", "arabic"),
    [("十件事", "10件事"), ("第三", "第3"), ("管好十件事", "管好10件事")],
)
def test_chinese_and_arabic_numerals_are_one(corpus, chinese, arabic):
    found = everything(chinese)
    assert found.total and keys(found) == keys(everything(arabic))


def test_ten_things_marks_the_digits_in_the_text(corpus):
    hit = everything("十件事").hits[0]
    assert "<mark>10件事</mark>" in hit.snippet_html


@pytest.mark.parametrize(
    ("typo", "meant"), [("群中工作", "群众工作"), ("统站", "统战")]
)
def test_suggestions_when_nothing_is_found(corpus, typo, meant):
    results = everything(typo)
    assert results.total == 0 and meant in results.suggestions


def test_no_suggestion_when_something_is_found(corpus):
    assert everything("统战").suggestions == []


def test_drafts_are_never_found(corpus):
    essay = Essay.objects.get(position=1)
    word = essay.title
    assert any(h.essay == essay for h in everything(word).hits)
    essay.status = Essay.Status.DRAFT
    essay.save()
    assert not any(h.essay == essay for h in everything(word).hits)
    assert any(h.essay == essay for h in everything(word, include_drafts=True).hits)


def test_odd_queries_are_harmless(corpus):
    for query in [
        "",
        "   ",
        '"',
        "-",
        "<b>不存在的词</b>",
        "%",
        "_",
        "'",
        "a'b",
        "x" * 500,
    ]:
        results = everything(query)
        assert results.total == 0 or results.hits


@pytest.mark.parametrize(
    ("token", "piece", "start", "fits"),
    [
        ("件", "件", 2, True),
        ("事件", "件", 2, False),  # 事 where the part has 0
        ("件事", "件", 2, True),
        ("事业", "事", 3, True),  # the part ends at 事
        ("实事", "事", 3, False),  # 实 where the part has 件
        ("10件", "件", 2, True),
    ],
)
def test_an_unknown_word_keeps_only_tokens_that_can_cover_its_pieces(
    token, piece, start, fits
):
    from essays.search.plan import fits as can_cover

    assert can_cover(token, piece, start, "10件事") is fits


def test_a_word_that_is_not_a_token_finds_the_entries_holding_it(corpus):
    for word in ("十件事", "第三", "管好十件事"):
        expected = containing(word)  # containing() normalizes: 10件事
        assert expected and keys(everything(word)) == expected
