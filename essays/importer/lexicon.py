"""The importer's word lists: data files in `data/`, plus the editors' rules.

Each list is read once (cached). While a document is parsed, `using(rules)`
makes the editors' additions visible to every stage through `words(name)` and
`matcher(name)`, so the stages keep their signatures and the lists stay data.

Entries are folded (half-width, simplified) like the text they are matched
against. Two placeholders make an entry a pattern: `{N}` stands for a number
(`本文共{N}字`) and `{*}` for at most six characters (`从{*}看`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path

from essays.importer.rules import NO_RULES, EditorRules

DATA = Path(__file__).with_name("data")
_RULES: ContextVar[EditorRules] = ContextVar("importer_rules", default=NO_RULES)
# Lists and matchers already built for the parse under way: a line-by-line
# stage asks for them once per line.
_BUILT: ContextVar[dict | None] = ContextVar("importer_lists", default=None)
_PLACEHOLDERS = {"{N}": r"[0-9０-９,，]+", "{*}": r".{0,6}?"}


@cache
def shipped(name: str) -> tuple[str, ...]:
    """The non-empty, non-comment lines of data/NAME.txt."""
    lines = (DATA / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and line[0] != "#")


@contextmanager
def using(rules: EditorRules | None) -> Iterator[EditorRules]:
    """Make the editors' rules the ones every stage sees while parsing."""
    token = _RULES.set(rules or NO_RULES)
    built = _BUILT.set({})
    try:
        yield _RULES.get()
    finally:
        _BUILT.reset(built)
        _RULES.reset(token)


def _memo(key: tuple, build):
    built = _BUILT.get()
    if built is None:
        return build()
    if key not in built:
        built[key] = build()
    return built[key]


def current_rules() -> EditorRules:
    """The editors' rules of the parse under way (none outside one)."""
    return _RULES.get()


def words(name: str) -> tuple[str, ...]:
    """A word list, folded: the shipped file's entries and the editors'."""
    return _memo(
        ("words", name), lambda: _folded(shipped(name), current_rules().extra(name))
    )


def word_set(name: str) -> frozenset[str]:
    """A word list as a set of lower-case folded entries, for whole-line tests."""
    return _memo(("set", name), lambda: frozenset(word.lower() for word in words(name)))


@lru_cache(maxsize=256)
def _folded(base: tuple[str, ...], extra: tuple[str, ...]) -> tuple[str, ...]:
    from essays.importer.patterns import fold  # patterns imports this module

    return tuple(dict.fromkeys(fold(word) for word in (*base, *extra)))


def matcher(name: str) -> re.Pattern[str] | None:
    """One regex matching any entry of a list (longest first), or None."""
    return _memo(("matcher", name), lambda: _compile(words(name)))


def pattern_source(entries: tuple[str, ...]) -> str:
    """A regex alternation of entries, placeholders expanded, longest first."""
    alternatives = []
    for entry in sorted(entries, key=len, reverse=True):
        parts = re.split(r"(\{N\}|\{\*\})", entry)
        alternatives.append(
            "".join(_PLACEHOLDERS.get(part, re.escape(part)) for part in parts)
        )
    return "|".join(alternatives)


@lru_cache(maxsize=256)
def _compile(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    return re.compile(pattern_source(entries), re.IGNORECASE)
