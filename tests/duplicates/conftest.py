"""Fixtures for near-duplicate detection: the reference document, stored."""

import pytest

from tests.conftest import BUNDLED, parsed_document, store


@pytest.fixture
def reference(db):
    """The reference document stored and fingerprinted, as an import leaves it."""
    from essays.duplicates.index import remember_collection

    collection = store(BUNDLED).collection
    remember_collection(collection)
    return collection


@pytest.fixture
def reference_parse():
    return parsed_document(BUNDLED)
