"""One import service for every channel: admin, API, commands, bundled corpus.

`import_document()` decodes the bytes once (`read_text`, where .docx/.pdf/.html
extractors plug in), parses them with the editors' word lists, checks publish
rights, stores the tree through the writer and records a revision naming the
actor and the channel, all in one transaction.

The admin keeps a staged preview on top: the uploaded bytes wait in an
ImportUpload row (not the session: a document may be 5 MiB) and every preview
parses them again with the current word lists. The confirmation carries a
fingerprint of the preview the editor saw, so a tree changed in between (a
watermark word added in another tab) is not stored unseen. Replacing a
document first takes a snapshot revision of the stored tree, which is what
undoing it restores.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from essays import history, tagging
from essays.categories import infer_category
from essays.duplicates.index import Match, find_duplicates
from essays.formats import Extracted, extract
from essays.importer import MAX_BYTES, EditorRules, ImportFailed, ParsedDocument, parse
from essays.importer.decode import strip_markup
from essays.importer.errors import EmptyDocument, Garbled, NotText, TooLarge
from essays.importer.nodes import Node, ParsedEssay
from essays.importer.render import document_json
from essays.importer.source import read_meta
from essays.models import Collection, Essay, ImportUpload, Section
from essays.services import recording, reverting
from essays.services.permissions import require_publisher, require_publisher_if
from essays.services.recording import ADMIN, Channel
from essays.watermarks import editor_rules
from essays.writer import (
    OUTCOMES,
    ChangedDocument,
    StoreResult,
    WordCounts,
    store_document,
)
from kb.metrics import counted_imports

STALE_AFTER = timedelta(days=1)  # uploads never confirmed are dropped after this
REASONS = {
    TooLarge: f"文件超过 {MAX_BYTES // (1024 * 1024)} MiB 的上限",
    NotText: "不是文本文件，也不是 .docx、.pdf 或 .html 文件",
    EmptyDocument: "文档里没有正文",
    Garbled: "文字像是乱码（汉字太少），请检查文件编码",
    ChangedDocument: "已导入过此文档的另一个版本，需要选择“替换”",
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
    # Format refusals (essays/formats/errors.py) are whole sentences already.
    detail = f"{reason}({error})" if reason else str(error)
    return f"无法导入 {filename}:{detail}"


# --- the one import path --------------------------------------------------------


def read_text(raw: bytes, filename: str, content_type: str | None = None) -> Extracted:
    """The document's text, decoded or extracted once (docs/formats.md).

    The bytes choose the format (.docx, .pdf, .html, .doc or text), then the
    name, then `content_type` for bodies without a telling name; every
    refusal is an ImportFailed whose sentence names what to do.
    """
    return extract(raw, filename, content_type)


def parse_document(
    raw: bytes,
    *,
    filename: str,
    rules: EditorRules | None = None,
    content_type: str | None = None,
) -> tuple[ParsedDocument, str]:
    """The parse of `raw` with the editors' word lists, and its decoded text.

    The extractor's warnings (e.g. Kangxi radicals replaced) come first in
    the document's warnings; the sha256 stays that of the uploaded bytes.
    """
    if len(raw) > MAX_BYTES:
        raise TooLarge(f"文件超过 {MAX_BYTES // (1024 * 1024)} MiB 的上限")
    extracted = read_text(raw, filename, content_type)
    rules = editor_rules(site_of(extracted.text)) if rules is None else rules
    parsed = parse(raw, path=filename, text=extracted.text, rules=rules)
    if extracted.warnings:
        parsed = dataclasses.replace(
            parsed, warnings=(*extracted.warnings, *parsed.warnings)
        )
    return parsed, extracted.text


def site_of(text: str) -> str:
    """The source site a document names, read before parsing (for its rules)."""
    return read_meta(strip_markup(text).text).site


def fingerprint_of(parsed: ParsedDocument) -> str:
    """A hash of the contract JSON: the tree an editor saw in a preview."""
    contract = json.dumps(document_json(parsed), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(contract.encode()).hexdigest()


ON_DUPLICATE = ("new", "skip", "replace")  # what to do with a near-duplicate
DONE_WITH_DUPLICATE = {
    "new": "已作为新文章导入",
    "skip": "未导入",
    "replace": "已用新文本替换已收录的文章",
}


def percent(similarity: float) -> str:
    return f"{round(similarity * 100)}%"


@dataclass
class Duplicate:
    """A parsed essay whose text is already stored, and what becomes of it."""

    number: int  # the essay's place in the document, from 1
    essay: ParsedEssay
    matches: list[Match]  # best first
    action: str = "new"  # one of ON_DUPLICATE
    target: Match | None = None  # the stored essay a "replace" writes over

    @property
    def best(self) -> Match:
        return self.matches[0]

    @property
    def percent(self) -> str:
        return percent(self.best.similarity)

    @property
    def warning(self) -> str:
        """第2篇《…》与已收录的《…》（某某网）几乎相同（相似度 96%）"""
        best = self.best
        site = f"（{best.site}）" if best.site else ""
        more = len(self.matches) - 1
        others = f"，另有 {more} 篇相近" if more else ""
        return (
            f"第{self.number}篇《{self.essay.title}》与已收录的《{best.title}》"
            f"{site}几乎相同（相似度 {self.percent}）{others}"
        )

    @property
    def outcome(self) -> str:
        """The warning, with what the import did about it."""
        return f"{self.warning}:{DONE_WITH_DUPLICATE[self.action]}"


def stored_version(source) -> Collection | None:
    """The stored collection these bytes are, or an earlier version of it."""
    same = Collection.objects.filter(sha256=source.sha256).first()
    if same is not None:
        return same
    return (
        Collection.objects.filter(site=source.site, title=source.title)
        .order_by("pk")
        .first()
    )


def flag_duplicates(
    parsed: ParsedDocument, *, exclude: Collection | None
) -> list[Duplicate]:
    """Parsed essays whose text is already stored elsewhere: one query in all."""
    found = find_duplicates(parsed.essays, exclude_collection=exclude)
    return [
        Duplicate(number, essay, matches)
        for number, (essay, matches) in enumerate(
            zip(parsed.essays, found, strict=True), 1
        )
        if matches
    ]


def decide(
    duplicates: list[Duplicate], on_duplicate: str, choices: Mapping[int, str]
) -> None:
    """Set each duplicate's action: its own choice, else `on_duplicate`.

    A choice is "new", "skip", "replace" (the best match) or "replace:<id>"
    (that stored essay, which must still be a match). A stored essay is
    written over once; a second essay choosing it is imported as new.
    """
    taken: set[int] = set()
    for duplicate in duplicates:
        action, _, target = choices.get(duplicate.number, on_duplicate).partition(":")
        if action not in ON_DUPLICATE:
            raise ValueError(f"unknown duplicate choice {action!r}")
        duplicate.action = action
        if action != "replace":
            continue
        matches = {match.essay_id: match for match in duplicate.matches}
        chosen = matches.get(int(target)) if target.isdigit() else duplicate.best
        if chosen is None:
            raise PreviewChanged(
                f"第{duplicate.number}篇要替换的文章已不再相近，请核对新预览后再确认。"
            )
        if chosen.essay_id in taken:
            duplicate.action = "new"
            continue
        taken.add(chosen.essay_id)
        duplicate.target = chosen


@dataclass
class ImportResult:
    """What one import parsed and, unless a dry run, stored."""

    parsed: ParsedDocument
    stored: StoreResult | None = None
    revision: Revision | None = None  # the import's own revision
    snapshot: Revision | None = None  # the replaced tree, for undo
    duplicates: list[Duplicate] = field(default_factory=list)
    # The stored essays replaced by duplicates, as they were (history).
    duplicates_snapshot: Revision | None = None

    @property
    def status(self) -> str:
        """ "dry_run", or the writer's "created" | "unchanged" | "replaced"."""
        return self.stored.status if self.stored else "dry_run"

    @property
    def collection(self) -> Collection | None:
        return self.stored.collection if self.stored else None

    @property
    def counts(self):
        return self.stored.counts if self.stored else None

    @property
    def warnings(self) -> list[str]:
        return list(self.parsed.warnings)


@counted_imports  # Prometheus: imports by channel and result (kb/metrics.py)
def import_document(
    raw: bytes,
    *,
    filename: str,
    actor,
    channel: Channel,
    publish: bool = False,
    replace: bool = False,
    dry_run: bool = False,
    rules: EditorRules | None = None,
    fingerprint: str | None = None,
    on_duplicate: str = "new",
    choices: Mapping[int, str] | None = None,
    content_type: str | None = None,
) -> ImportResult:
    """Decode once, parse, apply the editors' word lists, store, record history.

    `fingerprint`, when given, is the preview's: a parse that differs from it
    is refused (PreviewChanged) and nothing is stored. Publishing, and
    replacing a document that holds published essays, are a publisher's acts
    (PublishPermissionRequired, nothing stored).

    Essays whose text is already stored (near-duplicates, docs/duplicates.md)
    are named in the warnings; `choices` (essay number -> "new" | "skip" |
    "replace" | "replace:<stored essay id>") or else `on_duplicate` says what
    to do with each. Writing over a published essay is a publisher's act.
    """
    parsed, text = parse_document(
        raw, filename=filename, rules=rules, content_type=content_type
    )
    if fingerprint is not None and fingerprint_of(parsed) != fingerprint:
        raise PreviewChanged(
            "确认之前预览已经变化（可能刚改过水印词），请核对下面的新预览后再确认。"
        )
    duplicates = flag_duplicates(parsed, exclude=stored_version(parsed.source))
    decide(duplicates, on_duplicate, choices or {})
    result = ImportResult(parsed, duplicates=duplicates)
    if dry_run:
        result.parsed = with_warnings(parsed, [item.warning for item in duplicates])
        return result
    with transaction.atomic():
        store(result, text, filename, actor, channel, publish, replace)
    if result.stored.status != "unchanged":
        sentences = [item.outcome for item in duplicates]
        result.parsed = with_warnings(parsed, sentences)
    return result


def with_warnings(parsed: ParsedDocument, sentences: list[str]) -> ParsedDocument:
    """The parse with more warnings after its own (the dry-run JSON's shape)."""
    if not sentences:
        return parsed
    return dataclasses.replace(parsed, warnings=(*parsed.warnings, *sentences))


def store(
    result: ImportResult,
    text: str,
    filename: str,
    actor,
    channel: Channel,
    publish: bool,
    replace: bool,
) -> None:
    source = result.parsed.source
    if publish:
        require_publisher(actor, act="导入时直接发布文章")
    if replace and not Collection.objects.filter(sha256=source.sha256).exists():
        earlier = (
            Collection.objects.filter(site=source.site, title=source.title)
            .order_by("pk")
            .first()
        )
        if earlier is not None:
            require_publisher_if(
                earlier.essays.published().values("pk")[:1],
                actor,
                act="替换含有已发布文章的文档",
            )
            result.snapshot = snapshot(earlier, actor=actor, channel=channel)
    overwrite = overwrite_targets(result, actor=actor, channel=channel)
    comment = f"导入《{source.title}》（{filename}）"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        result.stored = store_document(
            result.parsed,
            raw_text=text,
            publish=publish,
            replace=replace,
            skip={item.number for item in result.duplicates if item.action == "skip"},
            overwrite=overwrite,
        )
    if result.stored.status != "unchanged":
        result.revision = history.latest_revision(result.stored.collection)


def overwrite_targets(result: ImportResult, *, actor, channel: Channel) -> dict:
    """The stored essays duplicates replace, locked, checked and snapshotted."""
    targets = {
        item.number: item.target.essay_id
        for item in result.duplicates
        if item.action == "replace"
    }
    if not targets:
        return {}
    essays = Essay.objects.select_for_update().filter(pk__in=targets.values())
    require_publisher_if(
        essays.published().values("pk")[:1], actor, act="用重复文章替换已发布的文章"
    )
    by_id = {essay.pk: essay for essay in essays}
    titles = "、".join(f"《{essay.title}》" for essay in by_id.values())
    comment = f"被重复文章替换前的快照：{titles}"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        for essay in by_id.values():
            history.add_tree(essay)
    first = next(iter(by_id.values()), None)
    result.duplicates_snapshot = history.latest_revision(first) if first else None
    return {number: by_id[pk] for number, pk in targets.items() if pk in by_id}


def snapshot(collection: Collection, *, actor, channel: Channel) -> Revision | None:
    """A revision of `collection`'s whole tree as it is now."""
    comment = f"替换前的快照：《{collection.title}》"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        history.add_tree(collection)
    return history.latest_revision(collection)


# --- the admin's staged preview ----------------------------------------------


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
    duplicate: Duplicate | None = None  # stored essays with nearly this text

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
    duplicates: list[Duplicate] = field(default_factory=list)
    warnings: list[WarningLine] = field(default_factory=list)

    @property
    def point_count(self) -> int:
        return sum(essay.point_count for essay in self.essays)

    @property
    def section_count(self) -> int:
        return sum(len(essay.sections) for essay in self.essays)


@dataclass(frozen=True)
class WarningLine:
    """An importer warning and, when it names one, the line it concerns."""

    text: str
    number: int | None = None  # the line's number, from 1
    line: str = ""  # that line of the document, as uploaded


WARNING_LINE = re.compile(r"第(\d+)行")


def warning_lines(warnings, text: str) -> list[WarningLine]:
    """Each warning with the line it names (`第2篇第12行：…`), quoted."""
    lines = strip_markup(text).text.split("\n")  # numbered as the importer counts
    found = []
    for warning in warnings:
        match = WARNING_LINE.search(warning)
        number = int(match.group(1)) if match else None
        line = lines[number - 1].strip() if number and number <= len(lines) else ""
        found.append(WarningLine(warning, number if line else None, line))
    return found


def read(raw: bytes, filename: str) -> ParsedDocument:
    """Parse as an import would; refusals in the editor's words."""
    try:
        return parse_document(raw, filename=filename)[0]
    except ImportFailed as error:
        raise ImportFailed(explain(error, filename)) from error


def stage(raw: bytes, *, filename: str, user) -> ImportUpload:
    """Hold `raw` for its preview; a document parse() refuses is not kept."""
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
    """Parse the upload again (with today's word lists) and compare."""
    try:
        parsed, text = parse_document(bytes(upload.raw), filename=upload.filename)
    except ImportFailed as error:
        raise ImportFailed(explain(error, upload.filename)) from error
    stored = stored_version(parsed.source)
    same = (
        stored if stored is not None and stored.sha256 == parsed.source.sha256 else None
    )
    earlier = None if same is not None else stored
    duplicates = flag_duplicates(parsed, exclude=stored)
    words = WordCounts()
    essays = [essay_preview(essay, words) for essay in parsed.essays]
    for duplicate in duplicates:
        essays[duplicate.number - 1].duplicate = duplicate
    return Preview(
        upload,
        parsed,
        essays,
        same,
        earlier,
        fingerprint_of(parsed),
        duplicates,
        warning_lines(parsed.warnings, text),
    )


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
    upload: ImportUpload,
    *,
    actor,
    fingerprint: str,
    replace: bool = False,
    choices: Mapping[int, str] | None = None,
    channel: Channel = ADMIN,
) -> ImportResult:
    """Store the upload through `import_document` (drafts, one revision)."""
    upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.status != ImportUpload.Status.STAGED:
        raise NotStaged(
            f"{upload.filename} 已经处理过（{upload.get_status_display()}）。"
        )
    try:
        result = import_document(
            bytes(upload.raw),
            filename=upload.filename,
            actor=actor,
            channel=channel,
            replace=replace,
            fingerprint=fingerprint,
            choices=choices,
        )
    except (PreviewChanged, NotStaged):
        raise
    except ImportFailed as error:
        raise ImportFailed(explain(error, upload.filename)) from error
    stored = result.stored
    upload.status = ImportUpload.Status.IMPORTED
    upload.outcome = stored.status
    upload.summary = chinese_summary(stored.summary)
    upload.collection = stored.collection
    upload.imported_at = timezone.now()
    upload.revision = result.revision
    upload.snapshot = result.snapshot
    upload.raw = b""  # the collection keeps the text
    upload.save()
    return result


# The writer once wrote its summary in English (`created: 5 essays, …`);
# rows stored then are shown in Chinese through these. New summaries are
# Chinese already (writer.StoreResult.summary) and pass through unchanged;
# OUTCOMES (imported from the writer) names a status for the admin.
SUMMARY_WORDS = (
    (r"^(created|replaced|unchanged): ", lambda m: f"{OUTCOMES[m[1]]}："),
    (r"(\d+) essays\b", r"\1 篇文章"),
    (r"(\d+) sections\b", r"\1 个部分"),
    (r"(\d+) points\b", r"\1 个要点"),
    (r"\bessays: ", "文章："),
    (r"\bsections: ", "部分："),
    (r"\bpoints: ", "要点："),
    (r"(\d+) kept\b", r"保留 \1"),
    (r"(\d+) added\b", r"新增 \1"),
    (r"(\d+) removed\b", r"删除 \1"),
    (r" ?\((\d+) retitled\)", r"（其中 \1 个改了标题）"),
    (r"\bduplicates replaced: ", "替换的重复文章："),
    (r"\bessay (\d+)", r"文章 \1"),
    (r", ", "、"),
    (r"; ", "；"),
)


def chinese_summary(summary: str) -> str:
    """An import's summary as an editor reads it: 新建：5 篇文章、…"""
    for pattern, replacement in SUMMARY_WORDS:
        summary = re.sub(pattern, replacement, summary)
    return summary


def can_undo(upload: ImportUpload) -> bool:
    """Whether undoing `upload` would do something."""
    if upload.status != ImportUpload.Status.IMPORTED:
        return False
    if upload.outcome == "created":
        return upload.collection_id is not None
    return upload.outcome == "replaced" and upload.snapshot_id is not None


@transaction.atomic
def undo(upload: ImportUpload, *, actor, channel: Channel = ADMIN) -> None:
    """Remove an imported collection, or bring back the version it replaced.

    A removed collection stays in its history (its import revision), where
    the collection admin's "recover deleted" finds it. Removing essays a
    publisher has published since is a publisher's act; bringing back a
    replaced version checks the same in the revert.
    """
    upload = ImportUpload.objects.select_for_update().get(pk=upload.pk)
    if not can_undo(upload):
        raise NotStaged(f"{upload.filename} 的导入无法撤销。")
    if upload.outcome == "created":
        collection = Collection.objects.select_for_update().get(pk=upload.collection_id)
        require_publisher_if(
            Essay.objects.filter(collection=collection).published().values("pk")[:1],
            actor,
            act="撤销导入：其中有已发布的文章",
        )
        collection.delete()
        upload.collection = None
    else:
        content_type = ContentType.objects.get_for_model(Collection)
        version = upload.snapshot.version_set.get(
            content_type=content_type, object_id=str(upload.collection_id)
        )
        reverting.revert(version, actor=actor, channel=channel)
    upload.status = ImportUpload.Status.UNDONE
    upload.save(update_fields=["status", "collection"])
