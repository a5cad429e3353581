"""/readyz: databases, cache and search answer, or a 503 saying which does not."""

import os
import socket
import subprocess
import sys

import pytest
from django.db import connection

from essays.search import backends
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_ready_when_database_cache_and_search_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database:default": "ok", "cache": "ok", "search": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_an_unreachable_cache_is_503_naming_the_cache(client, settings):
    location = f"redis://127.0.0.1:{closed_port()}/0"
    backend = "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"] == "缓存无法读写"
    assert body["checks"]["database:default"] == "ok"
    assert body["detail"] == "服务未就绪：缓存无法读写。"


def test_a_cache_that_keeps_nothing_is_503(client, settings):
    # Django's dummy cache accepts every value and returns none of them.
    dummy = "django.core.cache.backends.dummy.DummyCache"
    settings.CACHES = {"default": {"BACKEND": dummy}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "缓存存入的值读不回来"


@pytest.fixture
def fresh_cluster_client(monkeypatch):
    """No search cluster client kept from an earlier test's settings."""
    monkeypatch.setattr(backends, "_cluster", {})


def test_an_unreachable_search_cluster_is_503(client, settings, fresh_cluster_client):
    settings.SEARCH_BACKEND = "opensearch"
    settings.OPENSEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["search"] == "搜索服务无法连接"
    assert body["checks"]["cache"] == "ok"


def test_an_unknown_search_backend_is_503(client, settings):
    settings.SEARCH_BACKEND = "solr"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search"] == "搜索后端配置有误"


def unreachable_replica_url(tmp_path) -> tuple[str, str]:
    """(DATABASE_URL of this test's database, a replica URL nothing answers at)."""
    if connection.vendor == "postgresql":
        own = connection.settings_dict
        primary = f"postgres://{own['USER']}@{own['HOST']}:{own['PORT']}/{own['NAME']}"
        return primary, f"postgres://postgres@127.0.0.1:{closed_port()}/kb"
    primary = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return primary, f"sqlite:///{tmp_path / 'missing' / 'replica.sqlite3'}"


def test_an_unreachable_replica_is_503_naming_it(tmp_path):
    primary, replica = unreachable_replica_url(tmp_path)
    code = (
        "import django, json; django.setup();"
        "from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        "from django.test import Client; r = Client().get('/readyz');"
        "print(r.status_code); print(json.dumps(r.json(), ensure_ascii=False))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kb.settings"}
    env.update(DATABASE_URL=primary, DATABASE_REPLICA_URL=replica)
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.splitlines()[:2]
    assert status == "503"
    assert '"database:replica": "数据库 replica 无法连接"' in body
    assert '"database:default": "ok"' in body
