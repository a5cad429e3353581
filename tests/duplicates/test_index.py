"""essays/duplicates/index.py: remembering essays and finding their duplicates."""

import dataclasses

import pytest

from essays.duplicates.index import (
    find_duplicates,
    remember,
    remember_collection,
    stored_essay_text,
)
from essays.duplicates.models import EssayFingerprint, FingerprintBand
from essays.duplicates.text import essay_text
from essays.importer import parse
from essays.models import Essay
from tests.conftest import BUNDLED, SAMPLES, SHARED, parsed_document
from tests.duplicates.remake import remade_reference

pytestmark = pytest.mark.django_db

OTHER_DOCUMENTS = sorted(SAMPLES.glob("*.txt")) + sorted(
    (SHARED / "corpus" / "real-layouts").glob("*.txt")
)


@pytest.fixture(scope="module")
def remade():
    """The reference document as a second site publishes it, parsed."""
    return parse(remade_reference(BUNDLED.read_text(encoding="utf-8")).encode())


def test_the_reference_from_another_site_flags_all_five_essays(reference, remade):
    stored = list(reference.essays.order_by("position"))
    assert [essay.title for essay in remade.essays] != [e.title for e in stored]
    found = find_duplicates(remade.essays)
    assert len(found) == len(stored) == 5
    for matches, essay in zip(found, stored, strict=True):
        assert [match.essay_id for match in matches] == [essay.pk]
        match = matches[0]
        assert match.similarity >= 0.9
        assert (match.title, match.slug) == (essay.title, essay.slug)
        assert match.public_url == f"/essays/{essay.slug}/"
        assert match.admin_url == f"/admin/essays/essay/{essay.pk}/change/"
        assert match.site == "写写帮文库"


@pytest.mark.parametrize("path", OTHER_DOCUMENTS, ids=lambda path: path.stem)
def test_a_different_document_flags_none(reference, path):
    found = find_duplicates(parse(path.read_bytes(), path=path.name).essays)
    assert found and all(matches == [] for matches in found)


def test_checking_costs_one_query_whatever_the_essay_count(
    reference, remade, django_assert_num_queries
):
    with django_assert_num_queries(1):
        find_duplicates(remade.essays)


def test_an_excluded_collection_is_not_its_own_duplicate(reference, remade):
    assert find_duplicates(remade.essays, exclude_collection=reference) == [[]] * 5
    assert find_duplicates(remade.essays, exclude_collection=reference.pk) == [[]] * 5


def test_the_same_essay_stored_twice_gives_two_matches_best_first(reference):
    original = reference.essays.get(position=2)
    text = stored_essay_text(original)
    copy = Essay.objects.create(
        collection=reference,
        position=99,
        title="副本",
        lead=text[: len(text) * 19 // 20],
    )
    remember([copy])
    [matches] = find_duplicates([parsed_document(BUNDLED).essays[1]])
    assert [match.essay_id for match in matches] == [original.pk, copy.pk]
    assert matches[0].similarity == 1.0 > matches[1].similarity >= 0.8


def similarity_to_reference(remade_essay) -> float:
    [matches] = find_duplicates([remade_essay], min_similarity=0.01)
    return matches[0].similarity


def test_an_essay_exactly_at_the_threshold_is_flagged(reference, remade, settings):
    essay = remade.essays[3]
    settings.DUPLICATE_THRESHOLD = similarity_to_reference(essay)
    assert len(find_duplicates([essay])[0]) == 1


def test_an_essay_just_below_the_threshold_is_not(reference, remade, settings):
    essay = remade.essays[3]
    settings.DUPLICATE_THRESHOLD = similarity_to_reference(essay) + 1 / 120
    assert find_duplicates([essay]) == [[]]


def half_of(parsed):
    """The first half of an essay's sections: Jaccard about 0.5 with the whole."""
    return dataclasses.replace(parsed, nodes=parsed.nodes[: len(parsed.nodes) // 2])


@pytest.mark.parametrize(("threshold", "flagged"), [(0.8, False), (0.3, True)])
def test_a_half_copied_essay_counts_only_under_a_low_threshold(
    reference, settings, threshold, flagged
):
    settings.DUPLICATE_THRESHOLD = threshold
    essay = half_of(parsed_document(BUNDLED).essays[0])
    assert bool(find_duplicates([essay])[0]) is flagged


def test_an_essay_with_no_text_matches_nothing(reference):
    empty = parsed_document(BUNDLED).essays[0]
    empty = dataclasses.replace(empty, body=(), nodes=(), closing=())
    assert find_duplicates([empty]) == [[]]


def test_remembering_again_replaces_the_fingerprint(reference):
    essay = reference.essays.order_by("position").first()
    before = EssayFingerprint.objects.get(essay=essay).signature
    essay.lead = "改过的开头。" * 50
    essay.save()
    assert remember([essay]) == 1
    assert bytes(EssayFingerprint.objects.get(essay=essay).signature) != bytes(before)
    assert FingerprintBand.objects.filter(essay=essay).count() == 20
    assert EssayFingerprint.objects.count() == 5


def test_remembering_a_collection_costs_a_fixed_number_of_queries(
    reference, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        assert remember_collection(reference) == 5


def test_deleting_an_essay_forgets_its_fingerprint(reference, remade):
    first = reference.essays.order_by("position").first()
    first.delete()
    assert not FingerprintBand.objects.filter(essay_id=first.pk).exists()
    assert EssayFingerprint.objects.count() == 4
    assert find_duplicates(remade.essays[:1]) == [[]]


def test_stored_text_follows_an_editors_change(reference):
    essay = reference.essays.order_by("position").first()
    section = essay.sections.order_by("position").first()
    section.title = "新的标题"
    section.save()
    assert "新的标题" in stored_essay_text(essay)
    assert stored_essay_text(essay) != essay_text(parsed_document(BUNDLED).essays[0])


def test_a_compilation_of_many_essays_is_checked_in_one_query(
    reference, django_assert_num_queries
):
    """Hundreds of essays' bands stay within SQLite's expression depth limit."""
    essays = [
        dataclasses.replace(parsed, body=(*parsed.body, f"第{n}份"))
        for n in range(60)
        for parsed in parsed_document(BUNDLED).essays
    ]
    with django_assert_num_queries(1):
        found = find_duplicates(essays)
    assert all(len(matches) == 1 for matches in found)
