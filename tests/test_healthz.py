"""/healthz answers 200 when the database does and 503 when it does not."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_exempt_from_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    # A real database that cannot be opened: a SQLite file in a missing folder.
    unreachable = f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"
    code = (
        "import django; django.setup();"
        "from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(r.status_code, r.json()['status'])"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": unreachable}
    env["DJANGO_SETTINGS_MODULE"] = "kb.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "error"]
