"""Source line numbers: where a paragraph came from, for warnings (`第12行:…`).

import-contract.md, "warnings": a warning about one line names it. Lines are
numbered once, as the text is split (after HTML is removed: for a plain text
file, the file's own lines), and the number travels with the text through
clean-up: a joined paragraph keeps its first line's number.
"""

from __future__ import annotations

from collections.abc import Iterable


class SourceLine(str):
    """Text that remembers the (1-based) source line it starts on."""

    number: int

    def __new__(cls, text: str, number: int) -> SourceLine:
        line = super().__new__(cls, text)
        line.number = number
        return line


def line_number(text: str) -> int | None:
    """The source line `text` starts on, if it carries one."""
    return getattr(text, "number", None)


def renumbered(text: str, like: str) -> str:
    """`text` carrying the source line of `like` (a line it was made from)."""
    number = line_number(like)
    return text if number is None else SourceLine(text, number)


class Locator:
    """Names the place of a warning: its essay and, when found, its line."""

    def __init__(self, paragraphs: Iterable[str] = ()) -> None:
        self.paragraphs = [
            (str(paragraph), number)
            for paragraph in paragraphs
            if (number := line_number(paragraph)) is not None
        ]

    def line_of(self, quoted: str) -> int | None:
        """The line of the first paragraph that holds the quoted text."""
        quoted = quoted.strip()
        if not quoted:
            return None
        return next((n for text, n in self.paragraphs if quoted in text), None)

    def where(self, essay: int, quoted: str = "") -> str:
        """`第2篇第12行`, or `第2篇` when the quoted text's line is unknown."""
        line = self.line_of(quoted)
        return f"第{essay}篇" + (f"第{line}行" if line is not None else "")
