"""Imports made in the admin: hold the bytes, preview the parse, confirm, undo.

Nothing reaches the content tables before the editor confirms: the uploaded
bytes wait in an ImportUpload row (not the session: a document may be 5 MiB)
and every preview parses them again with the current watermark words. The
confirmation carries a fingerprint of the preview the editor saw, so a tree
changed in between (a watermark word added in another tab) is not stored
unseen. One import is one revision; replacing a document first takes a
snapshot revision of the stored tree, which is what undoing it restores.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from essays import history, tagging
from essays.categories import infer_category
from essays.importer import MAX_BYTES, ImportFailed, ParsedDocument, parse
from essays.importer.decode import decode
from essays.importer.errors import EmptyDocument, Garbled, NotText, TooLarge
from essays.importer.nodes import Node, ParsedEssay
from essays.importer.render import document_json
from essays.models import Collection, ImportUpload, Section
from essays.watermarks import editor_words
from essays.writer import ChangedDocument, StoreResult, WordCounts, store_document

STALE_AFTER = timedelta(days=1)  # uploads never confirmed are dropped after this
REASONS = {
    TooLarge: f"文件超过 {MAX_BYTES // (1024 * 1024)} MiB 的上限",
    NotText: "不是文本文件(只接受 UTF-8 或 GB18030 编码的 .txt)",
    EmptyDocument: "文档里没有正文",
    Garbled: "文字像是乱码(汉字太少),请检查文件编码",
    ChangedDocument: "已导入过此文档的另一个版本,需要选择“替换”",
}


class PreviewChanged(ImportFailed):
    """The parse differs from the preview the editor confirmed."""


class NotStaged(ImportFailed):
    """An upload already imported, undone, or not the editor's to confirm."""


def explain(error: ImportFailed, filename: str) -> str:
    """The sentence an editor sees for a refused document."""
    reason = next(
        (text for kind, text in REASONS.items() if isinstance(error, kind)), ""
    )
    detail = str(error)
    return f"无法导入 {filename}:{reason}({detail})" if reason else detail


@dataclass
class NodePreview:
    """A section or point as it will be stored."""

    node: Node
    topics: list[str]
    children: list[NodePreview] = field(default_factory=list)
    category: str = ""  # sections only: the inferred category's name

    @property
    def label(self) -> str:
        return self.node.label.written if self.node.label else ""

    @property
    def count_mismatch(self) -> bool:
        declared = self.node.declared_count
        return declared is not None and declared != len(self.children)


@dataclass
class EssayPreview:
    """One essay of the preview: its topics and its tree."""

    essay: ParsedEssay
    topics: list[str]
    sections: list[NodePreview]

    @property
    def point_count(self) -> int:
        def count(nodes: list[NodePreview]) -> int:
            return sum(1 + count(node.children) for node in nodes)

        return sum(count(section.children) for section in self.sections)


@dataclass
class Preview:
    """What confirming an upload would store, and what is stored already."""

    upload: ImportUpload
    parsed: ParsedDocument
    essays: list[EssayPreview]
    same: Collection | None  # the very same bytes, imported before
    earlier: Collection | None  # another version of this document
    fingerprint: str

    @property
    def point_count(self) -> int:
        return sum(essay.point_count for essay in self.essays)

    @property
    def section_count(self) -> int:
        return sum(len(essay.sections) for essay in self.essays)


def read(raw: bytes, filename: str) -> ParsedDocument:
    """Parse with the editors' watermark words; refusals in the editor's words."""
    try:
        return parse(raw, path=filename, extra_watermarks=editor_words())
    except ImportFailed as error:
        raise ImportFailed(explain(error, filename)) from error


def stage(raw: bytes, *, filename: str, user) -> ImportUpload:
    """Hold `raw` for its preview; a document parse() refuses is not kept."""
    if len(raw) > MAX_BYTES:
        raise TooLarge(explain(TooLarge("file is larger than 5 MiB"), filename))
    read(raw, filename)
    ImportUpload.objects.filter(
        status=ImportUpload.Status.STAGED,
        created_at__lt=timezone.now() - STALE_AFTER,
    ).delete()
    return ImportUpload.objects.create(
        user=user,
        filename=filename,
        raw=raw,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
    )


def preview(upload: ImportUpload) -> Preview:
    """Parse the upload again (with today's watermark words) and compare."""
    parsed = read(bytes(upload.raw), upload.filename)
    source = parsed.source
    same = Collection.objects.filter(sha256=source.sha256).first()
    earlier = None
    if same is None:
        earlier = (
            Collection.objects.filter(site=source.site, title=source.title)
            .order_by("pk")
            .first()
        )
    words = WordCounts()
    essays = [essay_preview(essay, words) for essay in parsed.essays]
    contract = json.dumps(document_json(parsed), sort_keys=True, ensure_ascii=False)
    fingerprint = hashlib.sha256(contract.encode()).hexdigest()
    return Preview(upload, parsed, essays, same, earlier, fingerprint)


def essay_preview(essay: ParsedEssay, words: WordCounts) -> EssayPreview:
    categories = dict(Section.Category.choices)

    def grow(node: Node) -> NodePreview:
        children = [grow(child) for child in node.children]
        return NodePreview(node, tagging.point_topics(*words.node(node)), children)

    sections = []
    for node in essay.nodes:
        section = NodePreview(node, [], [grow(child) for child in node.children])
        section.category = str(categories[infer_category(node.title)])
        sections.append(section)
    return EssayPreview(essay, tagging.essay_topics(words.essay(essay)), sections)


@transaction.atomic
def confirm(
    upload: ImportUpload, *, user, fingerprint: str, replace: bool = False
) -> StoreResult:
    """Store the upload as drafts in one revision (a snapshot first on replace)."""
    upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != ImportUpload.Status.STAGED:
        raise NotStaged(
            f"{upload.filename} 已经处理过({upload.get_status_display()})。"
        )
    seen = preview(upload)
    if seen.fingerprint != fingerprint:
        raise PreviewChanged(
            "确认之前预览已经变化(可能刚改过水印词),请核对下面的新预览后再确认。"
        )
    if seen.earlier is not None and replace:
        upload.snapshot = snapshot(seen.earlier, user=user)
    title = seen.parsed.source.title
    try:
        with reversion.create_revision(atomic=False):
            reversion.set_user(user)
            reversion.set_comment(f"导入《{title}》({upload.filename})")
            result = store_document(
                seen.parsed, raw_text=decode(bytes(upload.raw)), replace=replace
            )
    except ChangedDocument as error:
        raise ChangedDocument(explain(error, upload.filename)) from error
    upload.status = ImportUpload.Status.IMPORTED
    upload.outcome = result.status
    upload.summary = result.summary
    upload.collection = result.collection
    upload.imported_at = timezone.now()
    if result.status != "unchanged":
        upload.revision = history.latest_revision(result.collection)
    upload.raw = b""  # the collection keeps the text
    upload.save()
    return result


def snapshot(collection: Collection, *, user) -> Revision | None:
    """A revision of `collection`'s whole tree as it is now."""
    with reversion.create_revision(atomic=False):
        reversion.set_user(user)
        reversion.set_comment(f"替换前的快照:《{collection.title}》")
        history.add_tree(collection)
    return history.latest_revision(collection)


def can_undo(upload: ImportUpload) -> bool:
    """Whether undoing `upload` would do something."""
    if upload.status != ImportUpload.Status.IMPORTED:
        return False
    if upload.outcome == "created":
        return upload.collection_id is not None
    return upload.outcome == "replaced" and upload.snapshot_id is not None


@transaction.atomic
def undo(upload: ImportUpload, *, user) -> None:
    """Remove an imported collection, or bring back the version it replaced.

    A removed collection stays in its history (its import revision), where
    the collection admin's "recover deleted" finds it.
    """
    upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
    if not can_undo(upload):
        raise NotStaged(f"{upload.filename} 的导入无法撤销。")
    if upload.outcome == "created":
        upload.collection.delete()
        upload.collection = None
    else:
        content_type = ContentType.objects.get_for_model(Collection)
        version = upload.snapshot.version_set.get(
            content_type=content_type, object_id=str(upload.collection_id)
        )
        history.revert(version, user=user)
    upload.status = ImportUpload.Status.UNDONE
    upload.save(update_fields=["status", "collection"])
