"""Measure trafilatura against selectolax on the built HTML pages (docs/formats.md).

    .venv/bin/python -m tests.formats.measure_html

For each page: how much of the document's Han text each keeps (the pipeline's
coverage and F1 after it) and how many chrome strings leak, before and after
the pipeline.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import trafilatura

from essays.formats import Extracted
from essays.formats.web import decode_html, extract_html
from tests.formats import builders
from tests.formats.scoring import expected, parse_extracted, score

HAN = re.compile(r"[\u4e00-\u9fff]")


def trafilatura_extract(raw: bytes) -> Extracted:
    """The page as trafilatura reads it, recall favoured, tables kept."""
    text = trafilatura.extract(
        decode_html(raw), include_comments=False, include_tables=True, favor_recall=True
    )
    return Extracted(text=text or "", format="html")


def pages() -> list[tuple[str, Path, bytes]]:
    """The pages measured: each document in UTF-8 and GBK, as <p> and as <br>."""
    found = []
    for path in (builders.REFERENCE, builders.REAL_LAYOUT):
        lines = builders.corpus_lines(path)
        for encoding in ("utf-8", "gbk"):
            for breaks in (False, True):
                raw = builders.build_html(lines, encoding=encoding, breaks=breaks)
                name = f"{path.stem[:14]} {encoding} {'<br>' if breaks else '<p>'}"
                found.append((name, path, raw))
    return found


def measure(extractor, path: Path, raw: bytes) -> dict:
    """Kept text, leaked chrome and the import's score for one extractor."""
    started = time.perf_counter()
    extracted = extractor(raw)
    elapsed = time.perf_counter() - started
    source_han = len(HAN.findall(path.read_text("utf-8")))
    document = parse_extracted(extracted, path)
    rendered = json.dumps(document, ensure_ascii=False)
    result = score(document, expected(path))
    return {
        "kept": len(HAN.findall(extracted.text)) / source_han,
        "chrome_text": sum(word in extracted.text for word in builders.CHROME),
        "chrome_tree": sum(word in rendered for word in builders.CHROME),
        "f1": result["f1"],
        "coverage": result["coverage"],
        "ms": 1000 * elapsed,
    }


def main() -> None:
    """Print one row per page and extractor."""
    for name, path, raw in pages():
        for label, extractor in (
            ("selectolax", extract_html),
            ("trafilatura", trafilatura_extract),
        ):
            row = measure(extractor, path, raw)
            print(
                f"{name:40} {label:11} kept={row['kept']:.3f} "
                f"chrome(text)={row['chrome_text']} chrome(tree)={row['chrome_tree']} "
                f"F1={row['f1']:.3f} coverage={row['coverage']:.3f} {row['ms']:.0f} ms"
            )


if __name__ == "__main__":
    main()
