"""The importer: parse() turns a scraped compilation's bytes into a tree.

Pure Python, no Django: each stage takes plain data and returns plain data
(import-contract.md describes what they promise; docs in each module).
"""

from __future__ import annotations

from collections.abc import Iterable

from essays.importer.clean import clean, clean_title
from essays.importer.decode import MAX_BYTES, check_text, decode, strip_markup
from essays.importer.errors import EmptyDocument, ImportFailed
from essays.importer.nodes import ParsedDocument
from essays.importer.source import make_source, read_meta
from essays.importer.split import split_essays
from essays.importer.tree import build_essay

__all__ = ["MAX_BYTES", "ImportFailed", "ParsedDocument", "parse"]


def parse(
    raw: bytes, *, path: str = "", extra_watermarks: Iterable[str] = ()
) -> ParsedDocument:
    """Parse one scraped compilation into essays, sections and points."""
    text = decode(raw)  # TooLarge, NotText
    markup = strip_markup(text)  # HTML, entities, invisible characters
    check_text(markup.text)  # EmptyDocument, Garbled
    meta = read_meta(markup.text)  # site name, upload time
    watermarks = [meta.site, *extra_watermarks]
    cleaned = clean(markup.text, watermarks)  # furniture, watermarks, layout
    if not cleaned.paragraphs:
        raise EmptyDocument("empty document: nothing but site furniture")
    split = split_essays(cleaned.paragraphs, clean_title(markup.title, watermarks))
    essays, warnings = [], [*cleaned.warnings, *split.warnings]
    for number, essay_text in enumerate(split.essays, 1):
        essay, essay_warnings = build_essay(essay_text, number)
        essays.append(essay)
        warnings += essay_warnings
    return ParsedDocument(
        source=make_source(raw, path, split.title, meta),
        essays=tuple(essays),
        warnings=tuple(warnings),
    )
