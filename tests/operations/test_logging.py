"""One structured line per request; X-Request-ID from the caller to the logs, back."""

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import bearer, make_token
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "kb.requests"]


def test_a_request_logs_one_line_with_its_fields(client, caplog, imported_corpus):
    caplog.set_level(logging.INFO, logger="kb.requests")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/topics/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    [line] = request_lines(caplog)
    assert (line.method, line.path, line.status) == ("GET", "/topics/", 200)
    assert line.user == "anonymous"
    assert line.client == "127.0.0.1"
    assert line.db_queries == len(queries) > 0
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert line.request_id == response["X-Request-ID"] == "lb-7f3a.42"


def test_a_request_without_an_id_gets_a_new_one_each_time(client, caplog):
    caplog.set_level(logging.INFO, logger="kb.requests")
    first, second = client.get("/healthz"), client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    ids = [line.request_id for line in request_lines(caplog)]
    assert ids == [first["X-Request-ID"], second["X-Request-ID"]]


@pytest.mark.parametrize(
    "offered",
    ["", "two words", "x" * 129, "id\r\nSet-Cookie: a=b", "标识"],
    ids=["empty", "space", "too-long", "header-injection", "non-ascii"],
)
def test_an_implausible_request_id_is_replaced(client, offered):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=offered)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_page_of_another_site_may_send_and_read_the_request_id(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://mirror.example"]
    origin = {"HTTP_ORIGIN": "https://mirror.example"}
    response = client.get("/api/v1/topics", HTTP_X_REQUEST_ID="page-9", **origin)
    assert response["X-Request-ID"] == "page-9"
    exposed = response["Access-Control-Expose-Headers"].lower().split(", ")
    assert "x-request-id" in exposed
    preflight = client.options(
        "/api/v1/topics",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-request-id",
        **origin,
    )
    assert "x-request-id" in preflight["Access-Control-Allow-Headers"].lower()


def test_the_user_is_the_editor_or_the_token_owner(client, caplog, admin_user):
    caplog.set_level(logging.INFO, logger="kb.requests")
    token_auth = bearer(make_token("reader", []))
    assert client.get("/api/v1/essays", **token_auth).status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.get(username="reader")
    assert [line.user for line in request_lines(caplog)] == [reader.pk, admin_user.pk]


def test_the_json_log_has_one_object_per_line_with_the_request_id(tmp_path):
    # A broken cache makes /readyz log a warning inside the request: the
    # warning's line carries the same request id as the request's own line.
    code = (
        "import django; django.setup();"
        "from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        "from django.test import Client;"
        "Client().get('/readyz', HTTP_X_REQUEST_ID='trace-1')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings"}
    env.update(
        DJANGO_LOG_FORMAT="json",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:1/0",  # nothing listens on port 1
        DJANGO_STATIC_ROOT=str(tmp_path),  # whitenoise warns of a missing one
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line]
    [request] = [line for line in lines if line["logger"] == "kb.requests"]
    assert request["method"] == "GET" and request["path"] == "/readyz"
    assert request["status"] == 503
    assert request["user"] == "anonymous"
    assert request["request_id"] == "trace-1"
    assert {"time", "level", "message", "duration_ms", "db_queries"} <= set(request)
    warnings = [line for line in lines if line["logger"] == "kb.health"]
    assert warnings and all(line["request_id"] == "trace-1" for line in warnings)
    assert all(line["level"] == "WARNING" for line in warnings)
    # Django's own line about the 503, logged after the middleware, too.
    [django_line] = [line for line in lines if line["logger"] == "django.request"]
    assert django_line["request_id"] == "trace-1"
