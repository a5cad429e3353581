"""/metrics: request and import counters for Prometheus, for allowed scrapers only."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from prometheus_client.parser import text_string_to_metric_families

from tests.api.conftest import CONTENT, bearer, make_token
from tests.conftest import BUNDLED, ROOT

pytestmark = pytest.mark.django_db


def scrape(client, **extra) -> dict[tuple, float]:
    """/metrics as {(sample name, sorted labels): value}."""
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def imports(samples: dict, channel: str, result: str) -> float:
    labels = (("channel", channel), ("result", result))
    return samples.get(("kb_imports_total", labels), 0.0)


def requests_of(samples: dict, view: str) -> float:
    """Requests answered by `view` (django-prometheus counts them by view)."""
    return sum(
        value
        for (name, labels), value in samples.items()
        if name == "django_http_requests_total_by_view_transport_method_total"
        and dict(labels)["view"] == view
    )


VIEW = "essays:topic_list"


def test_request_counts_and_latencies_by_view(client):
    # A cookie steps past the readers' page cache, which answers before any
    # view (its hits count in the totals, not by view).
    client.cookies["seen"] = "1"
    before = scrape(client)
    for _ in range(3):
        assert client.get("/topics/").status_code == 200
    after = scrape(client)
    assert requests_of(after, VIEW) - requests_of(before, VIEW) == 3
    latency = ("django_http_requests_latency_seconds_by_view_method_count",)
    counted = [
        value
        for (name, labels), value in after.items()
        if (name,) == latency and dict(labels) == {"view": VIEW, "method": "GET"}
    ]
    assert counted and counted[0] >= 3


def post_import(client, text: str, auth: dict):
    body = json.dumps({"text": text, "filename": "a.txt"})
    return client.post(
        "/api/v1/imports", data=body, content_type="application/json", **auth
    )


def test_imports_are_counted_by_channel_and_result(client):
    auth = bearer(make_token("editor", CONTENT))
    text = BUNDLED.read_text(encoding="utf-8")
    before = scrape(client)
    assert post_import(client, text, auth).status_code == 201
    assert post_import(client, text, auth).status_code == 200  # unchanged
    assert post_import(client, "", auth).status_code == 422  # no text
    publish = json.dumps({"text": text + "\n补充。", "publish": True})
    forbidden = client.post(
        "/api/v1/imports", data=publish, content_type="application/json", **auth
    )
    assert forbidden.status_code == 403
    call_command("import_essays", str(BUNDLED), "--dry-run", stdout=io.StringIO())
    after = scrape(client)
    grown = {
        key: imports(after, *key) - imports(before, *key)
        for key in [
            ("api", "created"),
            ("api", "unchanged"),
            ("api", "refused"),
            ("api", "forbidden"),
            ("command", "dry_run"),
            ("admin", "created"),
        ]
    }
    assert grown == {
        ("api", "created"): 1,
        ("api", "unchanged"): 1,
        ("api", "refused"): 1,
        ("api", "forbidden"): 1,
        ("command", "dry_run"): 1,
        ("admin", "created"): 0,
    }


def test_metrics_are_refused_to_other_addresses(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert "无权读取监控指标" in response.json()["detail"]
    assert "kb_imports" not in response.content.decode()


def test_an_allowed_network_or_the_token_opens_metrics(client, settings):
    outsider = {"REMOTE_ADDR": "203.0.113.7"}
    settings.METRICS_ALLOWED_IPS = ["203.0.113.0/24"]
    assert client.get("/metrics", **outsider).status_code == 200
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    assert client.get("/metrics", **outsider).status_code == 403
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer guess", **outsider)
    assert wrong.status_code == 403
    scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", **outsider)


def test_metrics_add_up_every_worker_process(tmp_path):
    # Under gunicorn each worker counts in its own process; with
    # PROMETHEUS_MULTIPROC_DIR they share files and /metrics sums them.
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="kb.settings")
    count = (
        "import django; django.setup(); from kb.metrics import IMPORTS;"
        "IMPORTS.labels(channel='command', result='created').inc()"
    )
    for _ in range(2):
        worker = subprocess.run(
            [sys.executable, "-c", count], cwd=ROOT, env=env, capture_output=True
        )
        assert worker.returncode == 0, worker.stderr
    scrape_code = (
        "import django; django.setup();"
        "from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        "from django.test import Client; r = Client().get('/metrics');"
        "print(r.status_code); print(r.content.decode())"
    )
    scraper = subprocess.run(
        [sys.executable, "-c", scrape_code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert scraper.returncode == 0, scraper.stderr
    status, text = scraper.stdout.split("\n", 1)
    assert status == "200"
    assert 'kb_imports_total{channel="command",result="created"} 2.0' in text
