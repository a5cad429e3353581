"""essays/duplicates/minhash.py: shingles, signatures, bands."""

import random

import pytest

from essays.duplicates.minhash import (
    BANDS,
    NUM_PERM,
    SHINGLE_LENGTH,
    fingerprint,
    shingles,
)

TEXT = "党组织要充分发挥政治核心作用书记要带头把班子的风气带好把队伍带好" * 3


def test_shingles_are_every_run_of_five_characters():
    assert shingles("一二三四五六") == {"一二三四五", "二三四五六"}
    assert SHINGLE_LENGTH == 5


@pytest.mark.parametrize("text", ["一", "一二三四五"])
def test_a_text_of_five_characters_or_fewer_is_one_shingle(text):
    assert shingles(text) == {text}


def test_an_empty_text_has_no_fingerprint():
    assert fingerprint("") is None


def test_the_same_text_gives_the_same_fingerprint_and_bands():
    first, second = fingerprint(TEXT), fingerprint(TEXT)
    assert first == second
    assert first.similarity(second) == 1.0
    assert len(first.signature) == NUM_PERM * 4
    assert len(first.bands()) == len(set(first.bands())) == BANDS


def jaccard(left: str, right: str) -> float:
    mine, theirs = shingles(left), shingles(right)
    return len(mine & theirs) / len(mine | theirs)


@pytest.mark.parametrize("keep", [0.95, 0.85, 0.5, 0.1])
def test_similarity_estimates_the_jaccard_of_shingles(keep):
    chars = random.Random(9).choices(
        "的一是了我不人在他有这个上们来到时大地为子中", k=4000
    )
    original = "".join(chars)
    edited = original[: int(len(original) * keep)]
    estimate = fingerprint(original).similarity(fingerprint(edited))
    # The estimate's standard error is at most 0.5 / sqrt(NUM_PERM) = 0.046.
    assert estimate == pytest.approx(jaccard(original, edited), abs=0.14)


def test_unrelated_texts_share_no_band():
    other = "统一战线历来是为党的中心工作服务的乡镇统战工作要多做广泛团结" * 3
    assert not set(fingerprint(TEXT).bands()) & set(fingerprint(other).bands())
