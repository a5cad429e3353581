"""ParsedDocument to the import contract's JSON (the only module knowing its keys)."""

from __future__ import annotations

from essays.importer.nodes import Node, ParsedDocument, ParsedEssay


def document_json(document: ParsedDocument) -> dict:
    """One document as the contract's dry-run JSON gives it."""
    source = document.source
    return {
        "source": {
            "path": source.path,
            "title": source.title,
            "published_at": (
                source.published_at.isoformat() if source.published_at else None
            ),
            "sha256": source.sha256,
        },
        "essays": [essay_json(essay) for essay in document.essays],
        "warnings": list(document.warnings),
    }


def essay_json(essay: ParsedEssay) -> dict:
    """One essay: title, date, lead, tree and closing."""
    return {
        "title": essay.title,
        "date": essay.date.isoformat() if essay.date else None,
        "body": list(essay.body),
        "nodes": [node_json(node) for node in essay.nodes],
        "closing": list(essay.closing),
    }


def node_json(node: Node) -> dict:
    """One section or point with its children."""
    return {
        "kind": node.kind,
        "label": node.label.text if node.label else "",
        "number": node.number,
        "title": node.title,
        "body": list(node.body),
        "children": [node_json(child) for child in node.children],
    }


def report_json(documents: list[ParsedDocument], errors: list[tuple[str, str]]) -> dict:
    """The whole dry-run report: documents parsed and files refused."""
    return {
        "documents": [document_json(document) for document in documents],
        "errors": [{"path": path, "error": error} for path, error in errors],
    }
