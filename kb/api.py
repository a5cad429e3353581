"""The NinjaAPI at /api/v1/: routers, error mapping, throttles, schema extras.

Errors are JSON `{"detail": …}` with the status that says what went wrong; the
core raises, this module translates (style.md, 9).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.renderers import JSONRenderer

from essays.api import ROUTERS
from essays.api.auth import AnonymousThrottle, TokenThrottle, token_of
from essays.importer.errors import ImportFailed, TooLarge
from essays.schemas import ErrorOut
from essays.services.permissions import PublishPermissionRequired
from essays.writer import ChangedDocument

DESCRIPTION = """
基层工作知识库 — essays, sections and numbered guidance points as JSON.

* **Reads** are open and show published content only. Lists are paginated
  (`limit`, `offset`) and carry the total `count`.
* **Writes** and **imports** need `Authorization: Bearer <token>`; tokens are
  created in the admin (shown once), are read-only or read-write, and act with
  their user's permissions. A staff user's token may read drafts with
  `include_drafts=true`.
* **Errors** are `{"detail": …}`: 400 body is not JSON, 401 no or bad token,
  403 not allowed, 404 unknown or unpublished, 409 conflict, 413 document over
  5 MiB, 415 wrong Content-Type, 422 body breaks the schema, 429 rate limited
  (see `Retry-After`).
"""

STANDARD_ERRORS = {
    "400": "A malformed request: a NUL character in the URL, a body that is not JSON",
    "401": "No token, or an invalid or revoked one",
    "403": "The token may not do this (read-only, or its user lacks the permission)",
    "404": "Unknown, or not published",
    "422": "Parameters or body break the schema",
    "429": "Rate limited; retry after the number of seconds in Retry-After",
}


PUBLIC_MAX_AGE = 60  # seconds a shared cache may keep a public read


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as characters, not \\u escapes (a third the size)."""

    json_dumps_params = {"ensure_ascii": False}


class KnowledgeBaseAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Public reads may be cached briefly; anything with a token may not."""
        response = super().create_response(request, *args, **kwargs)
        if request.method in {"GET", "HEAD"} and response.status_code == 200:
            if token_of(request) is None:
                response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
            else:
                response["Cache-Control"] = "private, no-cache"
            response["Vary"] = "Authorization, Origin"
        return response

    def get_openapi_schema(self, *args, **kwargs):
        """The schema, with one bearer scheme and the errors every operation has."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["ErrorOut"] = ErrorOut.model_json_schema()
        components["securitySchemes"] = {
            "bearerAuth": {"type": "http", "scheme": "bearer"}
        }
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                document_security(operation)
                document_errors(operation, method)
        return schema


def document_security(operation: dict) -> None:
    """One bearer scheme whatever class checks it; reads work without a token."""
    names = {name for entry in operation.get("security", []) for name in entry}
    if names:
        optional = names == {"OptionalToken"}
        operation["security"] = [{}] * optional + [{"bearerAuth": []}]


BODY_ERRORS = {
    "415": "The Content-Type is not one the operation takes",
}
WRITE_ERRORS = {"409": "Conflicts with the current data (order, slug, version)"}


def document_errors(operation: dict, method: str) -> None:
    reference = {"$ref": "#/components/schemas/ErrorOut"}
    responses = operation.setdefault("responses", {})
    errors = dict(STANDARD_ERRORS)
    if "requestBody" in operation:
        errors |= BODY_ERRORS
    if method != "get":
        errors |= WRITE_ERRORS
    documented = {str(status) for status in responses}  # ninja's keys are ints
    for status, description in errors.items():
        if status in documented:
            continue
        responses.setdefault(
            status,
            {
                "description": description,
                "content": {"application/json": {"schema": reference}},
            },
        )


api = KnowledgeBaseAPI(
    title="基层工作知识库 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=ChineseJSONRenderer(),
    throttle=[AnonymousThrottle(), TokenThrottle()],
)
for router in ROUTERS:
    api.add_router("", router)


def error(request: HttpRequest, detail, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # get_object_or_404 says which kind of thing: "No Essay matches the given query."
    return error(request, str(exc) or "Not Found", 404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error(request, "send a valid token: Authorization: Bearer <token>", 401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        return error(request, exc.message_dict, 422)
    return error(request, " ".join(exc.messages), 422)


@api.exception_handler(IntegrityError)
def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return error(request, "conflicts with existing data (position or slug)", 409)


@api.exception_handler(PublishPermissionRequired)
def publish_refused(
    request: HttpRequest, exc: PublishPermissionRequired
) -> HttpResponse:
    # A service refused an editor a publisher's act (decisions.md, Permissions).
    body = {"detail": str(exc), "code": exc.code}
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ImportFailed)
def import_failed(request: HttpRequest, exc: ImportFailed) -> HttpResponse:
    if isinstance(exc, TooLarge):
        return error(request, str(exc), 413)
    if isinstance(exc, ChangedDocument):
        return error(request, str(exc).replace("--replace", "replace=true"), 409)
    return error(request, str(exc), 422)
