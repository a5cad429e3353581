"""One structured log line per request, and a request id on every line.

RequestLog (outermost middleware but for django-prometheus's) times the
request, counts its database queries per alias, and logs to `kb.requests`:
method, path, status, duration_ms, user (an id, or "anonymous"), client,
db_queries and, with a read replica, db_replica_queries. The request id is
the caller's X-Request-ID when it is a plausible id (a load balancer's or
another service's), else a new one; it is echoed in the response's
X-Request-ID and added to every log record made while the request runs
(RequestIdFilter), so one id finds a request's lines across services.
With DJANGO_LOG_FORMAT=json (the production default) each line is a JSON
object (python-json-logger).
"""

import logging
import re
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from contextvars import ContextVar

from django.db import connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("kb.requests")

HEADER = "X-Request-ID"
# Ids from outside end up in log lines and a response header: short, plain.
PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: ContextVar[str] = ContextVar("request_id", default="")


class RequestLog:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_id(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        queries: Counter[str] = Counter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for alias in connections:
                    counter = QueryCounter(queries, alias)
                    stack.enter_context(connections[alias].execute_wrapper(counter))
                response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[HEADER] = request_id
            log(request, response, duration_ms, queries)
            return response
        finally:
            _request_id.reset(token)


def incoming_id(request: HttpRequest) -> str:
    offered = request.headers.get(HEADER, "").strip()
    return offered if PLAUSIBLE_ID.fullmatch(offered) else ""


class QueryCounter:
    """An execute_wrapper that counts one alias's queries."""

    def __init__(self, counts: Counter, alias: str) -> None:
        self.counts, self.alias = counts, alias

    def __call__(self, execute, sql, params, many, context):
        self.counts[self.alias] += 1
        return execute(sql, params, many, context)


def log(request, response, duration_ms: float, queries: Counter) -> None:
    from essays.middleware import client_address

    fields = {
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": duration_ms,
        "user": user_of(request),
        "client": client_address(request),
        "db_queries": sum(queries.values()),
        "request_id": request.request_id,
    }
    if "replica" in connections:
        fields["db_replica_queries"] = queries["replica"]
    logger.info(
        "%s %s %s %.1fms",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        extra=fields,
    )


def user_of(request: HttpRequest) -> int | str:
    """The acting user's id: a logged-in editor's, or an API token's owner's."""
    token_user = getattr(getattr(request, "auth", None), "user_id", None)
    if token_user is not None:
        return token_user
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.pk
    return "anonymous"


class RequestIdFilter(logging.Filter):
    """Adds the running request's id (or "") to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            # django.request logs a 4xx/5xx after every middleware has
            # returned, but hands over the request itself.
            request = getattr(record, "request", None)
            record.request_id = _request_id.get() or getattr(request, "request_id", "")
        return True
