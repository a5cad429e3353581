"""POST /imports: a raw document in, the contract's tree or the stored result out."""

import json

from django.http import HttpRequest
from ninja import Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaRefused
from pydantic import ValidationError as SchemaError

from essays.api import routers
from essays.api.auth import require, token_of
from essays.api.routers import IMPORT
from essays.importer import MAX_BYTES
from essays.importer.render import report_json
from essays.schemas import ErrorOut, ImportIn, ImportOut
from essays.services import imports
from essays.services.recording import Channel

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
                },
            }
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
                        "msg": f"{flag} must be true or false",
                        "type": "bool",
                    }
                ]
            )
        flags[flag] = word in YES
    return flags


def read_upload(request: HttpRequest) -> ImportIn | tuple[bytes, str, dict]:
    """The document's bytes, a file name and the flags, from any accepted body."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body)
        except ValueError as error:  # not JSON, or not even UTF-8
            raise HttpError(400, "the body is not JSON") from error
        try:
            data = ImportIn.model_validate(body)
        except SchemaError as error:
            errors = json.loads(error.json(include_url=False))
            raise SchemaRefused(errors) from error
        return (
            data.text.encode("utf-8"),
            data.filename,
            data.model_dump(include=set(FLAGS)),
        )
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is None:
            raise HttpError(422, "send the document as the form field `file`")
        if upload.size > MAX_BYTES:
            raise HttpError(413, "the document is larger than 5 MiB")
        return upload.read(), upload.name or "upload.txt", flags_from(request.POST)
    return (
        request.body,
        request.GET.get("filename", "upload.txt"),
        flags_from(request.GET),
    )


@routers.imports.post(
    "/imports",
    auth=IMPORT,
    response={200: dict, 201: ImportOut, 413: ErrorOut, 422: ErrorOut},
    summary="Import a document",
    openapi_extra={"requestBody": REQUEST_BODY},
)
def import_document(request: HttpRequest):
    """Parse a scraped compilation and store it (drafts unless `publish`).

    Send JSON `{"text": …, "dry_run": true}`, a multipart form with `file`, or
    the text itself as `text/plain` (flags as query parameters). With `dry_run`
    the answer (200) is the import contract's JSON and nothing is written;
    otherwise 201 with what was stored, or 200 with the same shape when these
    bytes were already stored (`status: unchanged`). Publishing, and
    replacing a document that holds published essays, need the publish
    permission (403, `code: publish_permission_required`).
    """
    raw, filename, flags = read_upload(request)
    if not flags["dry_run"]:
        require(request, "essays.add_collection", "essays.add_essay")
    token = token_of(request)
    result = imports.import_document(
        raw,
        filename=filename,
        actor=token.user if token else None,
        channel=Channel.api(token),
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
    }
    return Status(200 if stored.status == "unchanged" else 201, body)
