"""essays/duplicates/checks.py: the threshold setting is checked at start-up."""

import pytest

from essays.duplicates.checks import check_threshold


@pytest.mark.parametrize("value", [0.8, 1, 0.01])
def test_a_similarity_passes(settings, value):
    settings.DUPLICATE_THRESHOLD = value
    assert check_threshold(None) == []


@pytest.mark.parametrize("value", [0, -0.5, 1.2, "0.8"])
def test_anything_else_is_an_error(settings, value):
    settings.DUPLICATE_THRESHOLD = value
    [error] = check_threshold(None)
    assert error.id == "duplicates.E001"
