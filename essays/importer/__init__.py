"""The importer: parse() turns a scraped compilation's bytes into a tree.

Pure Python, no Django: each stage takes plain data and returns plain data
(import-contract.md and its amendment import-contract-layouts.md describe
what they promise; docs in each module).
"""

from __future__ import annotations

from collections.abc import Iterable

from essays.importer import lexicon
from essays.importer.bounds import check_bounds, refuse_early
from essays.importer.clean import clean, clean_title
from essays.importer.decode import MAX_BYTES, check_text, decode, strip_markup
from essays.importer.errors import EmptyDocument, ImportFailed, TooManyNodes
from essays.importer.lines import Locator
from essays.importer.nodes import ParsedDocument
from essays.importer.questions import split_questions
from essays.importer.rules import EditorRules
from essays.importer.source import make_source, read_meta
from essays.importer.split import split_essays
from essays.importer.tree import build_essay

__all__ = [
    "MAX_BYTES",
    "EditorRules",
    "ImportFailed",
    "ParsedDocument",
    "TooManyNodes",
    "parse",
]


def parse(
    raw: bytes,
    *,
    path: str = "",
    rules: EditorRules | None = None,
    text: str | None = None,
    extra_watermarks: Iterable[str] = (),
) -> ParsedDocument:
    """Parse one scraped compilation into essays, sections and points.

    `text` is `raw` already decoded by the caller (the import service decodes
    once; .docx/.pdf/.html extractors hand over their text): decoding is
    skipped, everything after it still runs, and sha256 still hashes `raw`.
    `extra_watermarks` is an older spelling of `rules.watermarks`.
    """
    rules = (rules or EditorRules()).merged(
        EditorRules(watermarks=tuple(extra_watermarks))
    )
    with lexicon.using(rules):
        return _parse(raw, path, decode(raw) if text is None else text)


def _parse(raw: bytes, path: str, text: str) -> ParsedDocument:
    markup = strip_markup(text)  # HTML, entities, invisible characters
    refuse_early(markup.text)  # TooManyNodes, before the slower stages
    check_text(markup.text)  # EmptyDocument, Garbled
    meta = read_meta(markup.text)  # site name, upload time
    watermarks = [meta.site, *lexicon.current_rules().watermarks]
    cleaned = clean(markup.text, watermarks)  # furniture, watermarks, layout
    if not cleaned.paragraphs:
        raise EmptyDocument("除网站附加内容外没有正文，请检查是否选错了文件")
    page_title = clean_title(markup.title, watermarks)
    split = split_essays(cleaned.paragraphs, page_title)
    essays, warnings = [], [*markup.warnings, *cleaned.warnings, *split.warnings]
    locator = Locator(cleaned.paragraphs)  # source lines, for warnings
    essay_texts = [part for essay in split.essays for part in split_questions(essay)]
    for number, essay_text in enumerate(essay_texts, 1):
        essay, essay_warnings = build_essay(essay_text, number, locator)
        essays.append(essay)
        warnings += essay_warnings
    check_bounds(essays, warnings, locator)  # TooManyNodes; deep levels flattened
    return ParsedDocument(
        source=make_source(raw, path, split.title, meta),
        essays=tuple(essays),
        warnings=tuple(warnings),
    )
