"""What of an essay is compared: its text without title, spacing or punctuation.

Pure: no Django. A parsed essay and a stored one give the same string when
they hold the same content, so either can be checked against the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

from essays.importer.nodes import Node, ParsedEssay

# Letters and digits carry the content; spacing, punctuation and symbols vary
# from site to site (full-width or not, 、 or .) and are dropped.
KEPT_CATEGORIES = ("L", "N")


def normalise(text: str) -> str:
    """Letters and digits only, full-width folded (NFKC), lower case."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(
        char for char in folded if unicodedata.category(char)[0] in KEPT_CATEGORIES
    )


def tree_text(lead: Iterable[str], nodes: Iterable[str], closing: Iterable[str]) -> str:
    """The compared text from an essay's parts in reading order, normalised."""
    return normalise("\n".join([*lead, *nodes, *closing]))


def essay_text(parsed: ParsedEssay) -> str:
    """The compared text of a parsed essay; the title is left out on purpose.

    Sites retitle the same essay, so the title says nothing about duplication.
    """
    return tree_text(parsed.body, node_parts(parsed.nodes), parsed.closing)


def node_parts(nodes: Iterable[Node]) -> Iterator[str]:
    """Label, title and body of every node, parents before children."""
    for node in nodes:
        yield node.label.written if node.label else ""
        yield node.title
        yield from node.body
        yield from node_parts(node.children)
