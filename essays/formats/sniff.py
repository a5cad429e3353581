"""Which format a file is: its bytes first, its name's extension second."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from essays.formats.errors import CorruptDocument, EncryptedDocument, WrongExtension

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The PDF reference lets a header stand anywhere in the first 1024 bytes.
PDF_MAGIC = re.compile(rb"%PDF-")
HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
SNIFF_WINDOW = 2048
# A password-protected .docx is not a zip: Word wraps it in an OLE2 file
# whose streams are named EncryptionInfo and EncryptedPackage (MS-OFFCRYPTO).
ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")

EXTENSIONS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".mhtml": "html",
    ".doc": "doc",
    ".txt": "txt",
}
NAMES = {"docx": "Word(.docx)", "pdf": "PDF", "doc": "Word(.doc)", "html": "HTML"}


def sniff(raw: bytes, filename: str = "", content_type: str | None = None) -> str:
    """The format of a file: "docx", "pdf", "html", "doc" or "txt"."""
    found = sniff_bytes(raw)
    claimed = claimed_format(filename, content_type)
    # A scraped page saved as .txt keeps going the text route: the pipeline
    # strips HTML remnants itself (import-contract.md, "Decoding").
    if found == "html" and claimed == "txt":
        return "txt"
    if found:
        return found
    if claimed in ("docx", "pdf", "doc"):
        raise WrongExtension(
            f"文件名说它是 {NAMES[claimed]}，内容却不是；"
            "请确认文件没有改过扩展名，或用原程序重新导出后再上传"
        )
    return claimed or "txt"


def sniff_bytes(raw: bytes) -> str | None:
    """The format the bytes themselves show, or None for plain text."""
    head = raw[:SNIFF_WINDOW]
    if head.startswith(ZIP_MAGIC):
        return _zip_format(raw)
    if PDF_MAGIC.search(head[:1024]):
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        if ENCRYPTED_OOXML in raw[: 64 * 1024]:
            raise EncryptedDocument(
                "这个 Word 文件设了打开密码，请在 Word 中取消密码后另存为 .docx 再上传"
            )
        return "doc"
    if HTML_START.search(head):
        return "html"
    return None


def _zip_format(raw: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise CorruptDocument(
            "这个文件是损坏的压缩包（.docx 就是压缩包），无法打开；"
            "请用 Word 重新另存为 .docx 后再上传"
        ) from error
    if "word/document.xml" in names:
        return "docx"
    raise WrongExtension(
        "这个文件是压缩包，但不是 Word 文档（.docx）；"
        "请上传 .docx、.pdf、.html 或 .txt 文件"
    )


def claimed_format(filename: str, content_type: str | None = None) -> str | None:
    """The format a file's name (or, failing that, its content type) claims."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    media = (content_type or "").split(";")[0].strip().lower()
    return {
        "application/pdf": "pdf",
        "text/html": "html",
        "application/msword": "doc",
        "application/vnd.openxmlformats-officedocument"
        ".wordprocessingml.document": "docx",
    }.get(media)
