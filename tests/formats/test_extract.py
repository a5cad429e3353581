"""extract(): the format from the bytes first, and a clear refusal per bad file."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from essays.formats import MAX_BYTES, extract, pdf
from essays.formats.errors import (
    CorruptDocument,
    EmptyFile,
    EncryptedDocument,
    FileTooLarge,
    LegacyWordDocument,
    ScannedPdf,
    TooManyPages,
    UnpackedTooLarge,
    WrongExtension,
)
from essays.importer.errors import ImportFailed, TooLarge
from tests.formats import builders

LINES = ["基层党建工作要点", "一、加强组织建设", "要把支部建在网格上。"]


@pytest.mark.parametrize(
    ("raw", "filename", "kind"),
    [
        (builders.build_docx(LINES), "really-a-docx.pdf", "docx"),
        (builders.build_pdf(LINES, running_header=""), "really-a-pdf.docx", "pdf"),
        (builders.build_html(LINES), "page.txt.download", "html"),
        ("一、加强组织建设".encode(), "notes", "txt"),
    ],
)
def test_the_bytes_choose_the_format_not_the_name(raw, filename, kind):
    assert extract(raw, filename).format == kind


def _empty_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


BAD_FILES = [
    ("empty", b"", "a.docx", EmptyFile, "空"),
    ("whitespace", b" \n\t", "a.txt", EmptyFile, "空"),
    ("too large", b"a" * (MAX_BYTES + 1), "a.pdf", FileTooLarge, "5 MiB"),
    ("corrupt zip", b"PK\x03\x04" + bytes(200), "a.docx", CorruptDocument, "损坏"),
    ("zip, not Word", _zip_without_document(), "a.docx", WrongExtension, ".docx"),
    ("zip bomb", builders.build_zip_bomb(), "a.docx", UnpackedTooLarge, "压缩炸弹"),
    ("empty Word", _empty_docx(), "a.docx", EmptyFile, "没有文字"),
    ("text named .docx", "一、加强".encode(), "a.docx", WrongExtension, "扩展名"),
    ("text named .pdf", "一、加强".encode(), "a.pdf", WrongExtension, "PDF"),
    (
        "password Word",
        builders.build_encrypted_docx(),
        "a.docx",
        EncryptedDocument,
        "密码",
    ),
    (
        "password PDF",
        builders.build_pdf(LINES, password="secret"),
        "a.pdf",
        EncryptedDocument,
        "密码",
    ),
    ("corrupt PDF", b"%PDF-1.4\n" + bytes(300), "a.pdf", CorruptDocument, "损坏"),
    ("scanned PDF", builders.build_scanned_pdf(), "scan.pdf", ScannedPdf, "文字层"),
]


@pytest.mark.parametrize(
    ("raw", "filename", "error", "words"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_each_bad_file_gets_its_own_chinese_refusal(raw, filename, error, words):
    with pytest.raises(error) as raised:
        extract(raw, filename)
    assert isinstance(raised.value, ImportFailed)
    assert words in str(raised.value)
    assert any("\u4e00" <= char <= "\u9fff" for char in str(raised.value))


def test_size_refusals_are_the_importers_too_large():
    for error in (FileTooLarge, UnpackedTooLarge, TooManyPages):
        assert issubclass(error, TooLarge)


def test_a_pdf_over_the_page_cap_is_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    raw = builders.build_pdf(LINES * 40, running_header="")
    with pytest.raises(TooManyPages, match="超过 2 页"):
        extract(raw, "long.pdf")


def test_unpacked_text_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr("essays.formats.extracted.MAX_UNPACKED_BYTES", 100)
    with pytest.raises(UnpackedTooLarge, match="20 MiB"):
        extract(builders.build_docx(LINES * 10), "a.docx")


def test_legacy_doc_asks_for_docx_without_antiword(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(LegacyWordDocument, match=r"另存为 \.docx"):
        extract(builders.build_legacy_doc(), "old.doc")
