"""The reference document: the whole expected tree, and every Han character."""

import json
import re
from pathlib import Path

import pytest

from essays.importer import parse
from essays.importer.render import document_json

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REFERENCE = SHARED / "corpus" / "jiceng-dangqun-gongzuo.txt"
EXPECTED = SHARED / "corpus" / "jiceng-dangqun-gongzuo.expected.json"
HAN = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_file(), reason="../shared is not beside the project"
)


def comparable(document: dict) -> dict:
    """A document without what is not compared: warnings and source.path."""
    document = dict(document, source=dict(document["source"]))
    document.pop("warnings", None)
    document["source"].pop("path", None)
    return document


@pytest.fixture(scope="module")
def parsed() -> dict:
    return document_json(parse(REFERENCE.read_bytes(), path="corpus/x.txt"))


def test_reference_document_gives_the_expected_tree(parsed):
    (expected,) = json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]
    assert comparable(parsed) == comparable(expected)


def essay_text(essay: dict) -> str:
    parts = [essay["title"], *essay["body"], *essay["closing"]]
    stack = list(essay["nodes"])
    while stack:
        node = stack.pop()
        parts += [node["label"], node["title"], *node["body"]]
        stack += node["children"]
    return "".join(parts)


def test_every_han_character_of_the_essays_survives(parsed):
    (expected,) = json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]
    for ours, theirs in zip(parsed["essays"], expected["essays"], strict=True):
        assert sorted(HAN.findall(essay_text(ours))) == sorted(
            HAN.findall(essay_text(theirs))
        )


def test_reference_sha256_is_over_the_raw_bytes(parsed):
    (expected,) = json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]
    assert parsed["source"]["sha256"] == expected["source"]["sha256"]
