"""manage.py rebuild_fingerprints."""

import io

import pytest
from django.core.management import call_command

from essays.duplicates.index import find_duplicates
from essays.duplicates.models import EssayFingerprint, FingerprintBand
from essays.models import Essay
from tests.conftest import BUNDLED, parsed_document, store

pytestmark = pytest.mark.django_db


def test_rebuilding_fingerprints_every_stored_essay():
    collection = store(BUNDLED).collection
    Essay.objects.create(collection=collection, position=9, title="空文章")
    output = io.StringIO()
    call_command("rebuild_fingerprints", verbosity=0, stdout=output)
    assert "已为 5 篇文章计算指纹（共 6 篇" in output.getvalue()
    assert EssayFingerprint.objects.count() == 5
    assert FingerprintBand.objects.count() == 5 * 20
    found = find_duplicates(parsed_document(BUNDLED).essays)
    assert all(len(matches) == 1 for matches in found)


def test_rebuilding_twice_changes_nothing(imported_corpus):
    call_command("rebuild_fingerprints", verbosity=0, stdout=io.StringIO())
    first = sorted(FingerprintBand.objects.values_list("essay_id", "band", "hash"))
    call_command("rebuild_fingerprints", verbosity=0, stdout=io.StringIO())
    assert (
        sorted(FingerprintBand.objects.values_list("essay_id", "band", "hash")) == first
    )
