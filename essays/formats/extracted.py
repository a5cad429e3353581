"""What an extractor returns: the lines the pipeline reads, and hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from essays.formats.errors import UnpackedTooLarge

# The decisions' bound (issue 12): unpacked text of a .docx/.pdf/.html.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024


class Heading(NamedTuple):
    """A line the format marks as a heading: its index in `text` and level (1 = top)."""

    line: int
    level: int


@dataclass(frozen=True, slots=True)
class Extracted:
    """A file's text, one paragraph a line, with the format's structure hints."""

    text: str
    format: str  # "txt", "docx", "pdf", "html" (and "doc" through antiword)
    hints: tuple[Heading, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def lines(self) -> list[str]:
        """The text's lines, as `hints` count them."""
        return self.text.split("\n")


def join_lines(lines: list[str]) -> str:
    """Lines to text, refusing text over the unpacked limit."""
    text = "\n".join(lines)
    if len(text.encode("utf-8")) > MAX_UNPACKED_BYTES:
        raise UnpackedTooLarge(
            "文件解开后的文字超过 20 MiB，请拆成几个较小的文件再导入"
        )
    return text
