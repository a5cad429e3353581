"""Read the downloaded files back: Word through python-docx, PDF through pdfium."""

import io
import re
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document
from docx.oxml.ns import qn

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "exports"
A4_POINTS = (595.28, 841.89)


def word(response):
    assert response.status_code == 200, response.status_code
    return Document(io.BytesIO(response.content))


def lines(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def run_properties(style):
    return style.element.find(qn("w:rPr"))


def east_asian_font(style) -> str:
    return run_properties(style).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def pdf(response) -> pdfium.PdfDocument:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return pdfium.PdfDocument(response.content)


PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def pdf_text(document: pdfium.PdfDocument) -> str:
    """The text of every page, page numbers left out (a paragraph may span two)."""
    pages = (page.get_textpage().get_text_range() for page in document)
    return "".join(PAGE_NUMBER.sub("", text) for text in pages)


def save_page(document: pdfium.PdfDocument, index: int, name: str) -> Path:
    """A page as a PNG in tests/artifacts/exports/, to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    document[index].render(scale=1.5).to_pil().save(path)
    return path
