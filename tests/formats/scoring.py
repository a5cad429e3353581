"""Score extracted text the way the project scores an import (score_import.py)."""

from __future__ import annotations

import importlib.util
import inspect
import json
from functools import cache
from pathlib import Path

from essays.formats import Extracted
from essays.importer import parse
from essays.importer.render import document_json

SCORER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score_import.py"


@cache
def scorer():
    """The shared scorer, imported from its path (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("score_import", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_extracted(extracted: Extracted, path: Path) -> dict:
    """The contract JSON of an extracted file, parsed as the pipeline would."""
    raw = extracted.text.encode("utf-8")
    # Until parse() takes already-decoded text, UTF-8 bytes take the same route.
    if "text" in inspect.signature(parse).parameters:
        return document_json(parse(raw, path=path.name, text=extracted.text))
    return document_json(parse(raw, path=path.name))


def score(document: dict, expected_path: Path) -> dict:
    """Precision, recall, F1, body, coverage and noise against an expected tree."""
    expected = json.loads(expected_path.read_text("utf-8"))["documents"][0]
    return scorer().score_document(document, expected)


def txt_score(path: Path) -> dict:
    """The score of the corpus .txt itself: the baseline a format must keep."""
    return score(
        document_json(parse(path.read_bytes(), path=path.name)), expected(path)
    )


def expected(path: Path) -> Path:
    """The expected tree beside a corpus document."""
    return path.with_suffix(".expected.json")
