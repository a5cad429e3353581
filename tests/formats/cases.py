"""Bad and good files for the entry points' tests: command, API and admin.

Each bad file is built here from the builders, with what every entry point
must say about it: the API's status and stable code, and words of the
Chinese sentence the command, the API and the admin all show.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import NamedTuple

import pytest

from essays.formats import MAX_BYTES
from tests.formats import builders

LINES = ["基层党建工作要点", "一、加强组织建设", "要把支部建在网格上。"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BadFile(NamedTuple):
    """A file every entry point refuses, and how."""

    name: str
    build: Callable[[], bytes]
    status: int  # the API's
    code: str  # the API's `code`
    words: str  # in the Chinese sentence, on every entry point


BAD_FILES = [
    BadFile(
        "broken.docx",
        lambda: b"PK\x03\x04" + bytes(200),
        422,
        "corrupt_document",
        "损坏",
    ),
    BadFile(
        "notes.docx",
        lambda: "一、加强组织建设".encode(),
        422,
        "wrong_extension",
        "扩展名",
    ),
    BadFile(
        "locked.pdf",
        lambda: builders.build_pdf(LINES, password="secret"),
        422,
        "encrypted_document",
        "密码",
    ),
    BadFile(
        "locked.docx", builders.build_encrypted_docx, 422, "encrypted_document", "密码"
    ),
    BadFile("empty.docx", lambda: b"", 422, "empty_document", "空"),
    BadFile("scan.pdf", builders.build_scanned_pdf, 422, "scanned_pdf", "文字层"),
    BadFile("bomb.docx", builders.build_zip_bomb, 413, "unpacked_too_large", "压缩"),
    BadFile("old.doc", builders.build_legacy_doc, 422, "legacy_word_document", ".docx"),
    BadFile(
        "big.pdf", lambda: b"%PDF-1.4\n" + bytes(MAX_BYTES), 413, "too_large", "5 MiB"
    ),
]


def bad_files():
    """`parametrize` rows of BAD_FILES, named by their file names."""
    return [pytest.param(case, id=case.name) for case in BAD_FILES]


@functools.cache
def built(case: BadFile) -> bytes:
    return case.build()


@pytest.fixture
def no_antiword(monkeypatch):
    """Legacy .doc is refused whether or not this machine has antiword."""
    monkeypatch.setattr("essays.formats.legacy.shutil.which", lambda name: None)


# --- good files: the reference document in each format ----------------------

GOOD_FORMATS = {
    "reference.docx": (builders.build_docx, DOCX),
    "reference.pdf": (builders.build_pdf, "application/pdf"),
    "reference.html": (builders.build_html, "text/html"),
}


@functools.cache
def good_file(name: str) -> bytes:
    build, _ = GOOD_FORMATS[name]
    return build(builders.corpus_lines(builders.REFERENCE))


def content_type(name: str) -> str:
    return GOOD_FORMATS[name][1]


def reference_essays() -> int:
    """How many essays the reference document's expected tree holds."""
    expected = builders.REFERENCE.with_suffix(".expected.json").read_text("utf-8")
    return len(json.loads(expected)["documents"][0]["essays"])
