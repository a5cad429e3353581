"""What editors add to the importer's word lists, per site or everywhere.

The admin stores these as data and hands them to `parse(rules=…)`; nothing
here knows about Django. Each field extends a shipped list in `data/`; none
replaces it, so an editor can only make the importer remove more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _words(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(word.strip() for word in words if word.strip()))


@dataclass(frozen=True)
class EditorRules:
    """The editors' additions to the word lists (import-contract-layouts.md).

    - `watermarks`: words cut out of sentences wherever they stand.
    - `furniture`: whole lines, or phrases that make a short line furniture.
    - `heading_cuts`: glued heading texts an editor cut: a paragraph starting
      with a label and HEAD followed by more text ends its heading after HEAD.
    - `word_lists`: extra entries for a named list of `data/` (the file name
      without `.txt`: "label_words", "heading_enders", "sentence_openers",
      "badges", "question_words", "units", …).
    """

    watermarks: tuple[str, ...] = ()
    furniture: tuple[str, ...] = ()
    heading_cuts: tuple[str, ...] = ()
    word_lists: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def __post_init__(self) -> None:
        # Accept lists and sets from callers; keep the dataclass immutable.
        object.__setattr__(self, "watermarks", _words(self.watermarks))
        object.__setattr__(self, "furniture", _words(self.furniture))
        object.__setattr__(self, "heading_cuts", _words(self.heading_cuts))
        lists = {name: _words(words) for name, words in self.word_lists.items()}
        object.__setattr__(self, "word_lists", MappingProxyType(lists))

    def extra(self, name: str) -> tuple[str, ...]:
        """The editors' additions to the word list `name` (a data file's stem)."""
        if name == "watermarks":
            return self.watermarks
        if name == "furniture":
            return self.furniture
        return self.word_lists.get(name, ())

    def merged(self, other: EditorRules | None) -> EditorRules:
        """These rules and another set's (a site's and everyone's), together."""
        if other is None:
            return self
        names = {*self.word_lists, *other.word_lists}
        return EditorRules(
            watermarks=(*self.watermarks, *other.watermarks),
            furniture=(*self.furniture, *other.furniture),
            heading_cuts=(*self.heading_cuts, *other.heading_cuts),
            word_lists={
                name: (*self.extra(name), *other.extra(name)) for name in names
            },
        )

    def __hash__(self) -> int:
        return hash(
            (
                self.watermarks,
                self.furniture,
                self.heading_cuts,
                tuple(sorted(self.word_lists.items())),
            )
        )


NO_RULES = EditorRules()
