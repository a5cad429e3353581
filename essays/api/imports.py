"""POST /imports: a raw document in, the contract's tree or the stored result out.

A document comes as JSON text, a multipart file, or the raw body: text/plain,
a Word file (.docx, or .doc with antiword), a PDF or a saved web page
(docs/formats.md). Refusals are `{"detail": <Chinese sentence>, "code": …}`
(`error_code` below; kb/api.py picks the status).
"""

import dataclasses
import json

from django.http import HttpRequest
from ninja import Status
from ninja.errors import ValidationError as SchemaRefused
from pydantic import ValidationError as SchemaError

from essays.api import routers
from essays.api.auth import require, token_of
from essays.api.errors import NOT_JSON, Refused
from essays.api.routers import IMPORT
from essays.formats import errors as format_errors
from essays.importer import MAX_BYTES, TooManyNodes
from essays.importer import errors as importer_errors
from essays.importer.render import report_json
from essays.schemas import (
    IMPORT_QUERY_PARAMETERS,
    ErrorOut,
    ImportIn,
    ImportOut,
    ImportReportOut,
)
from essays.services import imports
from essays.services.recording import Channel
from essays.writer import ChangedDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Raw bodies of these types are documents; a name, if not given, from the type.
RAW_NAMES = {
    "text/plain": "上传的文本.txt",
    "text/html": "上传的网页.html",
    "application/pdf": "上传的文档.pdf",
    "application/msword": "上传的文档.doc",
    DOCX: "上传的文档.docx",
}
# Stable codes clients branch on, most specific class first.
ERROR_CODES = (
    (format_errors.UnpackedTooLarge, "unpacked_too_large"),
    (format_errors.TooManyPages, "too_many_pages"),
    (importer_errors.TooLarge, "too_large"),
    (importer_errors.EmptyDocument, "empty_document"),
    (format_errors.CorruptDocument, "corrupt_document"),
    (format_errors.WrongExtension, "wrong_extension"),
    (format_errors.EncryptedDocument, "encrypted_document"),
    (format_errors.ScannedPdf, "scanned_pdf"),
    (format_errors.LegacyWordDocument, "legacy_word_document"),
    (importer_errors.NotText, "not_text"),
    (importer_errors.Garbled, "garbled"),
    (TooManyNodes, "too_many_nodes"),
    (ChangedDocument, "changed_document"),
)


def error_code(error: importer_errors.ImportFailed) -> str:
    """The stable ASCII code of a refused document."""
    return next(
        (code for kind, code in ERROR_CODES if isinstance(error, kind)),
        "import_failed",
    )


REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ImportIn.model_json_schema()},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "dry_run": {"type": "boolean"},
                    "publish": {"type": "boolean"},
                    "replace": {"type": "boolean"},
                    "on_duplicate": {
                        "type": "string",
                        "enum": ["new", "skip", "replace"],
                    },
                },
            }
        },
        **{
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in RAW_NAMES
            if media != "text/plain"
        },
        "text/plain": {"schema": {"type": "string"}},
    },
}
FLAGS = ("dry_run", "publish", "replace")


YES, NO = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def flags_from(values) -> dict:
    """The yes/no flags of a form or query string; anything else is a 422."""
    flags = {}
    for flag in FLAGS:
        given = values.getlist(flag)
        word = given[0].strip().lower() if len(given) == 1 else ""
        if len(given) > 1 or word not in YES | NO:
            raise SchemaRefused(
                [
                    {
                        "loc": [flag],
                        "msg": f"“{flag}”应是“true”或“false”，且只能给一次",
                        "type": "bool_parsing",
                    }
                ]
            )
        flags[flag] = word in YES
    return flags


def either(body: dict, query: dict) -> dict:
    """A flag is set when the body or the query string sets it (issue 12:
    `?dry_run=true` with a JSON body must not store the document)."""
    return {flag: body[flag] or query[flag] for flag in FLAGS}


def read_upload(request: HttpRequest) -> tuple[bytes, str, str | None, dict]:
    """The document's bytes, name, content type and flags, from any body."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except ValueError as error:  # not JSON, or not even UTF-8
            raise Refused(400, NOT_JSON, "malformed_json") from error
        try:
            data = ImportIn.model_validate(body)
        except SchemaError as error:
            # The same shape as every other 422, without echoing the document.
            errors = error.errors(
                include_url=False, include_input=False, include_context=False
            )
            raise SchemaRefused(
                [{**item, "loc": ["body", *item["loc"]]} for item in errors]
            ) from error
        # Pasted text: text unless its filename names another format.
        return (
            data.text.encode("utf-8"),
            data.filename,
            "text/plain",
            either(data.model_dump(include=set(FLAGS)), flags_from(request.GET)),
        )
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise Refused(422, "请把文件放在表单字段“file”里上传。", "missing_file")
        if upload.size > MAX_BYTES:
            raise format_errors.FileTooLarge()
        name = upload.name or RAW_NAMES["text/plain"]
        flags = either(flags_from(request.POST), flags_from(request.GET))
        return upload.read(), name, upload.content_type, flags
    default = RAW_NAMES.get(request.content_type, RAW_NAMES["text/plain"])
    return (
        request.body,
        request.GET.get("filename") or default,
        request.content_type,
        flags_from(request.GET),
    )


@routers.imports.post(
    "/imports",
    auth=IMPORT,
    response={
        200: ImportReportOut | ImportOut,
        201: ImportOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    summary="Import a document",
    openapi_extra={
        "requestBody": REQUEST_BODY,
        "parameters": IMPORT_QUERY_PARAMETERS,
    },
)
def import_document(request: HttpRequest):
    """Parse a scraped compilation and store it (drafts unless `publish`).

    Send JSON `{"text": …, "filename": …, "dry_run": true}` (pasted text), a
    multipart form with `file`, or the document itself as the body: text/plain,
    a .docx, a PDF, a saved page (text/html) or a .doc, with flags and an
    optional `filename` as query parameters. A refused document is 413 (too
    large) or 422 with `{"detail", "code"}` and nothing stored. With `dry_run`
    the answer (200) is the import contract's JSON and nothing is written;
    otherwise 201 with what was stored, or 200 with the same shape when these
    bytes were already stored (`status: unchanged`). Publishing, and
    replacing a document that holds published essays, need the publish
    permission (403, `code: publish_permission_required`).
    """
    raw, filename, content_type, flags = read_upload(request)
    on_duplicate = duplicate_choice(request)
    if not flags["dry_run"]:
        require(request, "essays.add_collection", "essays.add_essay")
    token = token_of(request)
    result = imports.import_document(
        raw,
        filename=filename,
        actor=token.user if token else None,
        channel=Channel.api(token),
        content_type=content_type,
        on_duplicate=on_duplicate,
        **flags,
    )
    if flags["dry_run"]:
        return Status(200, report_json([result.parsed], []))
    stored = result.stored
    body = {
        "collection": stored.collection.pk,
        "status": stored.status,
        **stored.counts,
        "changes": stored.changes,
        "warnings": result.warnings,
        "duplicates": [duplicate_json(item) for item in result.duplicates],
    }
    return Status(200 if stored.status == "unchanged" else 201, body)


def duplicate_choice(request: HttpRequest) -> str:
    """`on_duplicate` from the query string, a form field or the JSON body."""
    given = request.GET.getlist("on_duplicate")
    if request.content_type == "multipart/form-data":
        given += request.POST.getlist("on_duplicate")
    elif request.content_type == "application/json" and not given:
        # read_upload validated the body against ImportIn already.
        given = [json.loads(request.body).get("on_duplicate", "new")]
    if not given:
        return "new"
    if len(given) > 1 or given[0] not in imports.ON_DUPLICATE:
        raise SchemaRefused(
            [
                {
                    "loc": ["query", "on_duplicate"],
                    "msg": "on_duplicate must be new, skip or replace",
                    "type": "enum",
                }
            ]
        )
    return given[0]


def duplicate_json(duplicate: imports.Duplicate) -> dict:
    """A flagged essay, what the import did with it, and its stored matches."""
    return {
        "essay": duplicate.number,
        "title": duplicate.essay.title,
        "action": duplicate.action,
        "replaced_essay": duplicate.target.essay_id if duplicate.target else None,
        "matches": [dataclasses.asdict(match) for match in duplicate.matches],
    }
