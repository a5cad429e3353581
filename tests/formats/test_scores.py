"""Each format's import scores as its .txt does (issue 13: F1 ≥ 0.98 of the .txt's)."""

from __future__ import annotations

import pytest

from essays.formats import extract
from tests.formats import builders
from tests.formats.scoring import expected, parse_extracted, score, txt_score

DOCUMENTS = {"reference": builders.REFERENCE, "real-layout": builders.REAL_LAYOUT}


def _docx(path):
    return builders.build_docx(builders.corpus_lines(path)), "document.docx"


def _pdf(path):
    # The reference wraps at the page's width with indented paragraphs; the
    # real layout keeps its own ~29-character lines, as its PDF printed them.
    if path == builders.REFERENCE:
        return builders.build_pdf(builders.corpus_lines(path)), "document.pdf"
    lines = builders.corpus_lines(path)
    return builders.build_pdf(lines, chars_per_line=29, indent=False), "document.pdf"


def _html(path):
    return builders.build_html(builders.corpus_lines(path)), "page.html"


def _html_gbk(path):
    raw = builders.build_html(builders.corpus_lines(path), encoding="gbk", breaks=True)
    return raw, "page.htm"


BUILDERS = {"docx": _docx, "pdf": _pdf, "html": _html, "html-gbk": _html_gbk}


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("kind", BUILDERS)
def test_format_scores_as_well_as_the_txt(kind, document):
    path = DOCUMENTS[document]
    raw, filename = BUILDERS[kind](path)
    extracted = extract(raw, filename)
    result = score(parse_extracted(extracted, path), expected(path))
    baseline = txt_score(path)
    assert result["f1"] >= 0.98 * baseline["f1"]
    assert result["coverage"] >= 0.98 * baseline["coverage"]
    assert result["noise"] <= baseline["noise"]


def test_txt_goes_through_the_importers_decoding():
    raw = builders.REFERENCE.read_text("utf-8").encode("gb18030")
    extracted = extract(raw, "document.txt")
    assert extracted.format == "txt"
    assert extracted.text.startswith("如何做好新时期的基层党群工作\n")
