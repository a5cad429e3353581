"""Settings come from the environment and refuse unsafe production starts."""

import os
import subprocess
import sys

from tests.conftest import ROOT

OWN_VARIABLES = ("DJANGO_", "DATABASE_URL", "REDIS_URL")
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Qz9" * 10,
    "DJANGO_ALLOWED_HOSTS": "kb.example.org",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with only the given Django variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    clean.update(env, DJANGO_SETTINGS_MODULE="kb.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = run_django("import django; django.setup()")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_migration_checks_need_no_secret_key():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    served = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert served.returncode != 0 and "DJANGO_SECRET_KEY is not set" in served.stderr


def test_debug_starts_without_secret_key():
    result = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_malformed_boolean_is_a_clear_error():
    result = run_django("import django; django.setup()", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)},
            **PRODUCTION_ENV,
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_debug_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_database_url_selects_the_engine():
    result = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://kb:secret@db.internal:5432/kb",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "kb",
        "db.internal",
    ]


def test_default_database_is_sqlite_in_the_data_dir(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    result = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME'])",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == str(ROOT / "data" / "db.sqlite3")


def test_proxy_header_switch_trusts_x_forwarded_proto():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    assert run_django(code, DJANGO_DEBUG="1").stdout.strip() == "None"
    trusted = run_django(code, DJANGO_DEBUG="1", DJANGO_SECURE_PROXY_SSL_HEADER="true")
    assert "HTTP_X_FORWARDED_PROTO" in trusted.stdout
