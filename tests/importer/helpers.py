"""Small helpers shared by the importer tests: parse text, read trees."""

from __future__ import annotations

from essays.importer import parse
from essays.importer.nodes import Node, ParsedDocument, ParsedEssay
from essays.importer.render import document_json


def parse_text(text: str, **options) -> ParsedDocument:
    """Parse a string literal as a UTF-8 file."""
    return parse(text.encode("utf-8"), **options)


def only_essay(text: str) -> ParsedEssay:
    """The single essay of a document given as text."""
    (essay,) = parse_text(text).essays
    return essay


def outline(nodes: tuple[Node, ...], prefix: tuple = ()) -> list[tuple]:
    """(path of numbers, label, title) for every node, depth first."""
    rows = []
    for node in nodes:
        path = (*prefix, node.number)
        rows.append((path, node.label.text if node.label else "", node.title))
        rows += outline(node.children, path)
    return rows


def paths(nodes: tuple[Node, ...]) -> list[tuple]:
    """The number paths of every node, depth first."""
    return [row[0] for row in outline(nodes)]


def as_json(text: str) -> dict:
    """The contract JSON of a document given as text."""
    return document_json(parse_text(text))
