"""import_document(): one path for every channel."""

import pytest

import essays.formats
import essays.importer
from essays.services import imports
from essays.services.recording import COMMAND
from tests.admin.documents import COMMUNITY

pytestmark = pytest.mark.django_db


def test_the_bytes_are_decoded_once(monkeypatch):
    calls = []
    real = essays.formats.decode

    def counting(raw):
        calls.append(len(raw))
        return real(raw)

    # The text extractor decodes; parse() must not decode again.
    monkeypatch.setattr(essays.formats, "decode", counting)
    monkeypatch.setattr(essays.importer, "decode", counting)  # parse()'s own
    result = imports.import_document(
        COMMUNITY.encode(), filename="shequ.txt", actor=None, channel=COMMAND
    )
    assert result.status == "created"
    assert len(calls) == 1


def test_a_dry_run_writes_nothing_and_records_nothing():
    from reversion.models import Revision

    from essays.models import Collection

    result = imports.import_document(
        COMMUNITY.encode(),
        filename="shequ.txt",
        actor=None,
        channel=COMMAND,
        dry_run=True,
    )
    assert result.status == "dry_run" and result.parsed.essays
    assert not Collection.objects.exists() and not Revision.objects.exists()
