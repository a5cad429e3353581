"""PDF with a text layer to lines (pdfminer.six); no OCR for scanned pages."""

from __future__ import annotations

import io
from itertools import islice

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psparser import PSException

from essays.formats.errors import (
    CorruptDocument,
    EncryptedDocument,
    ScannedPdf,
    TooManyPages,
)
from essays.formats.extracted import Extracted, join_lines
from essays.formats.pdflayout import (
    PdfLine,
    drop_page_furniture,
    join_wrapped_lines,
    normalise_radicals,
)

MAX_PAGES = 2000
CORRUPT = "这个 PDF 文件已损坏，无法读取；请重新下载或另存为 PDF 后再上传"
ENCRYPTED = (
    "这个 PDF 设了密码或加密保护，无法读取文字；请先去掉密码再上传，或换用 .docx"
)
SCANNED = "这个 PDF 没有文字层（可能是扫描件），请先做文字识别或换用 .docx"
# pdfminer meets a broken file with whatever error its parser trips on; each
# of these means "cannot read this PDF", which is the user's answer.
BROKEN = (PSException, ValueError, KeyError, TypeError, IndexError, AttributeError)


def extract_pdf(raw: bytes) -> Extracted:
    """The paragraphs of a PDF's text layer, page furniture removed."""
    count_pages(raw)
    try:
        pages = [
            _page_lines(page)
            for page in extract_pages(io.BytesIO(raw), laparams=LAParams())
        ]
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedDocument(ENCRYPTED) from error
    except BROKEN as error:
        raise CorruptDocument(CORRUPT) from error
    paragraphs = join_wrapped_lines(drop_page_furniture(pages))
    text, radicals = normalise_radicals(join_lines(paragraphs))
    if not "".join(text.split()):
        raise ScannedPdf(SCANNED)
    warnings = (f"PDF 中的康熙部首字符已换成常用字 {radicals} 处",) if radicals else ()
    return Extracted(text=text, format="pdf", warnings=warnings)


def count_pages(raw: bytes) -> int:
    """The number of pages, refusing encrypted, broken and over-long files."""
    try:
        document = PDFDocument(PDFParser(io.BytesIO(raw)))
        count = sum(1 for _ in islice(PDFPage.create_pages(document), MAX_PAGES + 1))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise EncryptedDocument(ENCRYPTED) from error
    except BROKEN as error:
        raise CorruptDocument(CORRUPT) from error
    if count > MAX_PAGES:
        raise TooManyPages(f"这个 PDF 超过 {MAX_PAGES} 页，请拆成几个较小的文件再导入")
    if not count:
        raise CorruptDocument(CORRUPT)
    return count


def _page_lines(page) -> list[PdfLine]:
    lines = []
    for box in page:
        if not isinstance(box, LTTextContainer):
            continue
        for line in box:
            if isinstance(line, LTTextLine) and line.get_text().strip():
                lines.append(
                    PdfLine(
                        text=line.get_text().strip(),
                        x0=line.x0,
                        x1=line.x1,
                        top=line.y1,
                        size=line.height,
                    )
                )
    return lines
