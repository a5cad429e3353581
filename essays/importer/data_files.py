"""The word lists in data/: one entry a line, `#` starts a comment."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).with_name("data")


def read_word_list(name: str) -> tuple[str, ...]:
    """The non-empty, non-comment lines of a file in data/."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and line[0] != "#")
