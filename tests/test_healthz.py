"""/healthz answers while the process lives; /readyz when what it needs answers."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any query here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_probes_are_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301


def run_probe(path: str, **env: str) -> subprocess.CompletedProcess:
    """GET `path` in a fresh process whose settings come from `env`."""
    code = (
        "import django, json; django.setup();"
        "from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        f"from django.test import Client; r = Client().get({path!r});"
        "print(r.status_code); print(json.dumps(r.json(), ensure_ascii=False))"
    )
    environment = {**os.environ, "DJANGO_DEBUG": "1", **env}
    environment["DJANGO_SETTINGS_MODULE"] = "kb.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_healthz_stays_200_and_readyz_is_503_when_the_database_is_unreachable(
    tmp_path,
):
    # A real database that cannot be opened: a SQLite file in a missing folder.
    unreachable = f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"
    alive = run_probe("/healthz", DATABASE_URL=unreachable)
    assert alive.returncode == 0, alive.stderr
    assert alive.stdout.splitlines()[0] == "200"
    ready = run_probe("/readyz", DATABASE_URL=unreachable)
    assert ready.returncode == 0, ready.stderr
    status, body = ready.stdout.splitlines()[:2]
    assert status == "503"
    assert "数据库 default 无法连接" in body


def test_favicon_ico_points_at_the_sites_icon(client):
    # No database fixture: any query (the page cache's version) would raise.
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")


def test_healthz_reads_no_database_even_behind_the_page_cache(client):
    # No database fixture: any query (the page cache's version) would raise.
    assert client.get("/healthz").status_code == 200
