"""The NinjaAPI at /api/v1/: routers, error mapping, throttles, schema extras.

Errors are JSON `{"detail": <Chinese sentence>, "code": <stable ASCII code>}`
with the status that says what went wrong (a 422 adds `errors`); the core
raises, this module translates (style.md, 9; decisions.md, "Language and
messages").
"""

import functools
import logging
import re

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern, re_path
from django.utils.cache import set_response_etag
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaRefused
from ninja.renderers import JSONRenderer
from pydantic import Field

from essays.api import ROUTERS
from essays.api.auth import AnonymousThrottle, TokenThrottle, token_of
from essays.api.conventions import checked_view
from essays.api.errors import NOT_JSON, phrase, summary
from essays.api.imports import error_code
from essays.importer.errors import ImportFailed, TooLarge
from essays.schemas import ErrorOut
from essays.services.locks import ImportInProgress
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
* **Errors** are `{"detail", "code"}`: `detail` is a Chinese sentence for
  people, `code` a stable ASCII code for clients to branch on; a 422 adds
  `errors`, a list of `{loc, msg, type}`. 400 body is not JSON, 401 no or bad token,
  403 not allowed, 404 unknown or unpublished, 409 conflict, 413 document over
  5 MiB, 415 wrong Content-Type, 422 body breaks the schema, 429 rate limited
  (see `Retry-After`).
"""

STANDARD_ERRORS = {
    "400": "A malformed request: a NUL character in the URL, a body that is not JSON",
    "401": "No token, or an invalid or revoked one",
    "403": "The token may not do this (read-only, or its user lacks the permission)",
    "404": "Unknown, or not published",
    "422": "Parameters or body break the schema; `errors` lists each problem",
    "429": "Rate limited; retry after the number of seconds in Retry-After",
}


PUBLIC_MAX_AGE = 60  # seconds a shared cache may keep a public read


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(
        ...,
        description="Where: [query|path|body, field…]",
        examples=[["body", "title"]],
    )
    msg: str = Field(
        ..., description="What is wrong, in Chinese", examples=["必须填写"]
    )
    type: str = Field(..., description="pydantic's error type", examples=["missing"])


class ValidationErrorOut(Schema):
    detail: str = Field(
        ...,
        description="One Chinese sentence naming each field at fault",
        examples=["请求内容有误：“title”必须填写。"],
    )
    code: str = Field(..., description="Always `invalid`", examples=["invalid"])
    errors: list[ErrorItemOut] = Field(
        default_factory=list,
        description="Each problem when parameters or body break the schema",
    )


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as characters, not \\u escapes (a third the size)."""

    json_dumps_params = {"ensure_ascii": False}


# operationIds are the handlers' names (clients' method names), except where
# a bare verb would not say what it acts on.
OPERATION_IDS = {
    "publish": "publish_essay",
    "unpublish": "unpublish_essay",
    "search_points": "search",
}


class KnowledgeBaseAPI(NinjaAPI):
    def _get_urls(self) -> list:
        """ninja's URLs with JSON 405/HEAD/OPTIONS, then a JSON 404 for the rest."""
        urls = [
            URLPattern(
                url.pattern, json_methods(url.callback), url.default_args, url.name
            )
            if isinstance(url, URLPattern)
            else url
            for url in super()._get_urls()
        ]
        return [*urls, re_path(r"^.*$", unknown_route)]

    def get_openapi_operation_id(self, operation) -> str:
        name = operation.view_func.__name__
        return OPERATION_IDS.get(name, name)

    def validation_error_from_error_contexts(self, error_contexts):
        """422 `loc` is [where, field…]: ["body", "title"], ["query", "limit"].

        ninja puts the handler's body parameter name after "body"
        (["body", "data", "title"]); a client never sees that name.
        """
        error = super().validation_error_from_error_contexts(error_contexts)
        for item in error.errors:
            loc = tuple(item["loc"])
            if loc[:1] == ("body",) and len(loc) > 2:
                item["loc"] = (loc[0], *loc[2:])
            item["loc"] = list(item["loc"])
        return error

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
        schemas = components.setdefault("schemas", {})
        schemas["ErrorOut"] = ErrorOut.model_json_schema()
        invalid_schema = ValidationErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        schemas.update(invalid_schema.pop("$defs", {}))
        schemas["ValidationErrorOut"] = invalid_schema
        components["securitySchemes"] = {
            "bearerAuth": {"type": "http", "scheme": "bearer"}
        }
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                document_security(operation)
                document_errors(operation, method)
                document_parameter_examples(operation)
        return schema


def document_parameter_examples(operation: dict) -> None:
    """A parameter's `examples` is a map in OpenAPI (pydantic writes a list)."""
    for parameter in operation.get("parameters", []):
        examples = parameter.get("examples")
        if isinstance(examples, list):
            parameter["examples"] = {
                f"example{n}": {"value": value} for n, value in enumerate(examples, 1)
            }


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
    invalid_reference = {"$ref": "#/components/schemas/ValidationErrorOut"}
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
        schema = invalid_reference if status == "422" else reference
        responses.setdefault(
            status,
            {
                "description": description,
                "content": {"application/json": {"schema": schema}},
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
api.add_decorator(checked_view, mode="view")
for router in ROUTERS:
    api.add_router("", router)


logger = logging.getLogger(__name__)

# The stable ASCII `code` of each status when no more precise one is given
# (decisions.md, "Language and messages": clients branch on `code`).
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}
CONFLICT = (
    "与现有数据冲突（位置或网址别名已被占用），可能有人同时在修改；请刷新后重试。"
)
SERVER_ERROR = "服务器内部错误，已记录；请稍后重试，如果一直出现请联系管理员。"


def error(request: HttpRequest, detail, status: int, code: str = "") -> HttpResponse:
    body = {"detail": detail, "code": code or CODES.get(status, "error")}
    return api.create_response(request, body, status=status)


def json_methods(view):
    """405 as JSON (with Allow); HEAD as GET without a body; OPTIONS answered."""

    @functools.wraps(view)  # keeps csrf_exempt
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or "Allow" not in response:
            return response
        allowed = [m.strip() for m in response["Allow"].split(",") if m.strip()]
        if "GET" in allowed:
            allowed.append("HEAD")
        allowed = sorted({*allowed, "OPTIONS"})
        if request.method == "HEAD" and "GET" in allowed:
            request.method = "GET"
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.has_header("ETag"):
                set_response_etag(response)  # the GET's tag, for If-Match
            response.content = b""  # headers as for GET, no body
            return response
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        else:
            detail = f"不支持 {request.method} 方法；可用的方法：{', '.join(allowed)}。"
            response = error(request, detail, 405)
        response["Allow"] = ", ".join(allowed)
        return response

    return answer


def unknown_route(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Any other /api/v1/ path: a JSON 404, whatever the method."""
    detail = f"没有这个接口：{request.path}。接口列表见 /api/v1/docs。"
    return error(request, detail, 404)


unknown_route.csrf_exempt = True


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with the traceback; the client learns nothing of the internals.
    logger.exception("API %s %s failed", request.method, request.path, exc_info=exc)
    return error(request, SERVER_ERROR, 500)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own refusal of a JSON body it cannot parse is English.
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
        return error(request, NOT_JSON, 400, "malformed_json")
    return error(request, exc.message, exc.status_code, getattr(exc, "code", ""))


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After to whatever this answers.
    wait = f"请在 {int(exc.wait) + 1} 秒后" if exc.wait else "请稍后"
    return error(request, f"请求太频繁，{wait}再试。", 429, "rate_limited")


@api.exception_handler(SchemaRefused)
def schema_refused(request: HttpRequest, exc: SchemaRefused) -> HttpResponse:
    """422 `{"detail": <Chinese summary>, "code": "invalid", "errors": [...]}`."""
    errors = [
        {
            "loc": list(item.get("loc", [])),
            "msg": phrase(item),
            "type": item.get("type", "value_error"),
        }
        for item in exc.errors
    ]
    body = {"detail": summary(errors), "code": "invalid", "errors": errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(MultiPartParserError)
def bad_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A multipart Content-Type without a boundary, or a body that is no form.
    return error(request, "multipart 表单无法解析（缺少 boundary 或格式不对）。", 400)


@api.exception_handler(ObjectDoesNotExist)
def gone(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    # A row deleted by another writer between the lookup and the change.
    return error(request, "要修改的内容已不存在（可能刚被删除）。", 404)


@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
    # A value the schema let through but the column cannot hold.
    logger.warning("API %s %s: %s", request.method, request.path, exc)
    return error(request, "有字段的值超出允许的长度或范围。", 422)


@api.exception_handler(UnicodeError)
def not_unicode(request: HttpRequest, exc: UnicodeError) -> HttpResponse:
    # JSON may escape a lone surrogate ("\ud800"), which no text can hold.
    detail = "请求里有无效的字符（如单独的代理码位 \\ud800），请检查文本编码。"
    return error(request, detail, 400)


@api.exception_handler(ImportInProgress)
def import_in_progress(request: HttpRequest, exc: ImportInProgress) -> HttpResponse:
    response = error(request, str(exc), exc.status, exc.code)
    response["Retry-After"] = str(exc.retry_after)
    return response


# get_object_or_404's English names the model: "No Essay matches the given query."
NOT_FOUND_MODEL = re.compile(r"^No (\w+) matches the given query\.?$")
KINDS = {
    "Essay": "这篇文章",
    "Section": "这个部分",
    "Point": "这条要点",
    "Topic": "这个主题",
    "Collection": "这个汇编",
}


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    message = str(exc)
    match = NOT_FOUND_MODEL.match(message)
    if match:
        detail = f"没有找到{KINDS.get(match.group(1), '要找的内容')}（或它尚未发布）。"
    elif re.search(r"[\u4e00-\u9fff]", message):
        detail = message  # our own code said it in Chinese already
    else:
        detail = "没有找到要找的内容（或它尚未发布）。"
    return error(request, detail, 404)  # code: not_found


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = "请在 Authorization 头里附上有效的令牌：Bearer <令牌>。"
    response = error(request, detail, 401, "not_authenticated")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with one sentence; a uniqueness clash is a 409 naming no constraint."""
    if clashes(exc):
        return error(request, CONFLICT, 409)
    if hasattr(exc, "error_dict"):
        parts = [
            " ".join(messages)
            if field == NON_FIELD_ERRORS
            else f"{field}:{' '.join(messages)}"
            for field, messages in exc.message_dict.items()
        ]
        return error(request, " ".join(parts), 422)
    return error(request, " ".join(exc.messages), 422)


def clashes(exc: ValidationError) -> bool:
    """Whether full_clean() refused a value another row holds (a unique check)."""
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return any(
        item.code in {"unique", "unique_together", "constraint"}
        or (
            item.code is None
            and "“" in str(item.message)
            and "_unique" in str(item.message)
        )
        for items in errors
        for item in items
    )


@api.exception_handler(IntegrityError)
def conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # The database's message names tables and constraints: logged, not shown.
    logger.info("API %s %s conflict: %s", request.method, request.path, exc)
    return error(request, CONFLICT, 409)


@api.exception_handler(PublishPermissionRequired)
def publish_refused(
    request: HttpRequest, exc: PublishPermissionRequired
) -> HttpResponse:
    # A service refused an editor a publisher's act (decisions.md, Permissions).
    body = {"detail": str(exc), "code": exc.code}
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ImportFailed)
def import_failed(request: HttpRequest, exc: ImportFailed) -> HttpResponse:
    body = {"detail": str(exc), "code": error_code(exc)}
    if isinstance(exc, TooLarge):
        return api.create_response(request, body, status=413)
    if isinstance(exc, ChangedDocument):
        body["detail"] = body["detail"].replace("--replace", "replace=true")
        return api.create_response(request, body, status=409)
    return api.create_response(request, body, status=422)
