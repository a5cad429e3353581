"""Golden files: tests/corpus/NAME.txt against NAME.expected.json beside it."""

import json
from pathlib import Path

import pytest

from essays.importer import parse
from essays.importer.errors import ImportFailed
from essays.importer.render import document_json

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
GOLDEN = sorted(
    path
    for path in CORPUS.glob("*.txt")
    if path.with_suffix(".expected.json").is_file()
)


def comparable(document: dict) -> dict:
    """A document without what is not compared: warnings and source.path."""
    document = dict(document, source=dict(document["source"]))
    document.pop("warnings", None)
    document["source"].pop("path", None)
    return document


@pytest.mark.parametrize("path", GOLDEN, ids=[path.stem for path in GOLDEN])
def test_golden_document_gives_its_expected_tree(path):
    expected = json.loads(
        path.with_suffix(".expected.json").read_text(encoding="utf-8")
    )
    if not expected["documents"]:  # a file the importer must refuse
        with pytest.raises(ImportFailed):
            parse(path.read_bytes(), path=str(path))
        return
    (expected_document,) = expected["documents"]
    parsed = document_json(parse(path.read_bytes(), path=str(path)))
    assert comparable(parsed) == comparable(expected_document)
