"""Other sites' page layouts: score_import over the public real-layouts set."""

import importlib.util
import json
import os
from pathlib import Path

import pytest

from essays.importer import parse
from essays.importer.render import report_json

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
LAYOUTS = SHARED / "corpus" / "real-layouts"
SCORER = SHARED / "tools" / "score_import.py"
DOCUMENTS = sorted(LAYOUTS.glob("*.txt"))

pytestmark = pytest.mark.skipif(
    not (LAYOUTS.is_dir() and SCORER.is_file()) and not os.environ.get("CI"),
    reason="../shared/corpus/real-layouts is not beside the project",
)


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("score_import", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(scorer, path: Path) -> dict:
    parsed = report_json([parse(path.read_bytes(), path=str(path))], [])
    (document,) = parsed["documents"]
    expected = json.loads(
        path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8")
    )
    (expected_document,) = expected["documents"]
    return scorer.score_document(document, expected_document)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.stem for path in DOCUMENTS])
def test_real_layout_document_has_no_noise_and_keeps_its_text(scorer, path):
    row = _score(scorer, path)
    assert row["noise"] == 0
    assert row["coverage"] >= 0.99


def test_real_layouts_score_at_least_the_target(scorer):
    assert DOCUMENTS, "the real-layouts set is empty"
    rows = [_score(scorer, path) for path in DOCUMENTS]
    assert sum(row["f1"] for row in rows) / len(rows) >= 0.95
    assert sum(row["coverage"] for row in rows) / len(rows) >= 0.99
    assert sum(row["noise"] for row in rows) == 0
