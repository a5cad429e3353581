"""What every /api/v1/ operation does alike: strict query strings, Link, RateLimit.

`checked_view` wraps each operation's run (kb/api.py adds it in "view" mode,
before validation): a query parameter the operation does not declare is a
422, so a typo (`?categroy=`) is not silently ignored; a page of a list gets
`Link` headers. `RateLimitHeaders` (a middleware, so that cached reads and
429s carry them too) reports the throttle that counted the request.
"""

import functools
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from ninja.errors import ValidationError

from essays.api.auth import rate_limit_headers

PREFIX = "/api/v1/"


def declared_query_names(operation) -> set[str]:
    """The query parameters an operation declares (ninja's and documented extras)."""
    names: set[str] = set()
    for model in operation.models:
        if model.__ninja_param_source__ == "query":
            names |= set(getattr(model, "__ninja_flatten_map__", model.model_fields))
    extra = (operation.openapi_extra or {}).get("parameters", [])
    names |= {param["name"] for param in extra if param.get("in") == "query"}
    return names


def documented_query_errors(request: HttpRequest, documented: list[dict]) -> list:
    """Values of parameters documented by hand (openapi_extra) that break them."""
    errors = []
    for parameter in documented:
        name, schema = parameter["name"], parameter.get("schema", {})
        values = request.GET.getlist(name)
        if len(values) > 1:
            errors.append((name, f"“{name}”只能给一次"))
        elif values and "enum" in schema and values[0] not in schema["enum"]:
            errors.append(
                (
                    name,
                    f"“{name}”须是 {'、'.join(f'“{v}”' for v in schema['enum'])} 之一",
                )
            )
        elif values and len(values[0]) > schema.get("maxLength", len(values[0])):
            errors.append((name, f"“{name}”最长 {schema['maxLength']} 个字符"))
    return [{"type": "value_error", "loc": ["query", n], "msg": m} for n, m in errors]


def unknown_query_error(
    request: HttpRequest, allowed: set[str]
) -> ValidationError | None:
    unknown = sorted(set(request.GET) - allowed)
    if not unknown:
        return None
    return ValidationError(
        [
            {
                "type": "extra_forbidden",
                "loc": ["query", name],
                "msg": f"“{name}”是不认识的查询参数",
            }
            for name in unknown
        ]
    )


def checked_view(run):
    """An operation's run, refusing undeclared query parameters, adding Link."""
    operation = getattr(run, "__self__", None)
    allowed = declared_query_names(operation) if operation is not None else None
    extra = (getattr(operation, "openapi_extra", None) or {}).get("parameters", [])
    documented = [p for p in extra if p.get("in") == "query"]

    @functools.wraps(run)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if allowed is not None:
            error = unknown_query_error(request, allowed)
            if error is None and documented_query_errors(request, documented):
                error = ValidationError(documented_query_errors(request, documented))
            if error is not None:
                # Who is asking comes first: a bad token is a 401 whatever
                # else is wrong (a token in the URL is no token).
                refused = operation._run_authentication(request)
                return refused or operation.api.on_exception(request, error)
        response = run(request, *args, **kwargs)
        page = getattr(request, "api_page", None)
        if page is not None and response.status_code == 200:
            links = page_links(request, *page)
            if links:
                response["Link"] = links
        return response

    return checked


def page_links(request: HttpRequest, count: int, offset: int, limit: int) -> str:
    """RFC 8288 `Link` for the next and previous pages of a `{count, items}` list."""
    links = []
    if offset + limit < count:
        links.append((offset + limit, "next"))
    if offset > 0:
        links.append((max(0, offset - limit), "prev"))
    return ", ".join(
        f'<{page_url(request, start, limit)}>; rel="{rel}"' for start, rel in links
    )


def page_url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    query["limit"] = str(limit)
    pairs = [(key, value) for key, values in query.lists() for value in values]
    return request.build_absolute_uri(f"{request.path}?{urlencode(pairs)}")


class RateLimitHeaders:
    """`RateLimit-Limit/-Remaining/-Reset` on every API answer that was counted."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PREFIX):
            for name, value in rate_limit_headers(request).items():
                response[name] = value
        return response
