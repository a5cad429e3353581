"""File formats to text: one seam, `extract()`, for every entry point.

Each extractor turns a file into the lines the importer's pipeline reads (one
paragraph a line) plus the structure hints its format has; everything after
that (furniture, watermarks, layout repair, numbering, the tree) is the same
pipeline for every format. Pure Python, no Django.
"""

from __future__ import annotations

from essays.formats.errors import EmptyFile, FileTooLarge
from essays.formats.extracted import MAX_UNPACKED_BYTES, Extracted, Heading
from essays.formats.sniff import sniff
from essays.importer.decode import MAX_BYTES, decode

__all__ = ["MAX_BYTES", "MAX_UNPACKED_BYTES", "Extracted", "Heading", "extract"]


def extract(
    raw: bytes, filename: str = "", content_type: str | None = None
) -> Extracted:
    """The text of a file of any supported format, chosen by its bytes first."""
    if len(raw) > MAX_BYTES:
        raise FileTooLarge("文件超过 5 MiB，请拆成几个较小的文件再导入")
    if not raw.strip():
        raise EmptyFile("文档是空的，没有正文，请检查是否选错了文件")
    kind = sniff(raw, filename, content_type)
    if kind == "docx":
        from essays.formats.word import extract_docx

        return extract_docx(raw)
    if kind == "pdf":
        from essays.formats.pdf import extract_pdf

        return extract_pdf(raw)
    if kind == "html":
        from essays.formats.web import extract_html

        return extract_html(raw)
    if kind == "doc":
        from essays.formats.legacy import extract_doc

        return extract_doc(raw)
    return Extracted(text=decode(raw), format="txt")
