"""Settings come from the environment and refuse unsafe production starts."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

OWN_VARIABLES = ("DJANGO_", "DATABASE_", "REDIS_URL", "METRICS_", "PROMETHEUS_")
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


SHOW_DATABASES = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([sorted(settings.DATABASES), "
    "settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
    "getattr(settings, 'DATABASE_ROUTERS', [])]))"
)


def test_one_database_and_no_router_without_a_replica_url():
    result = run_django(SHOW_DATABASES, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [["default"], None, []]


def test_a_replica_url_adds_a_mirrored_alias_and_the_router():
    result = run_django(
        SHOW_DATABASES,
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://kb:secret@db-primary:5432/kb",
        DATABASE_REPLICA_URL="postgres://kb:secret@db-replica:5432/kb",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        ["default", "replica"],
        "default",
        ["kb.routers.PrimaryReplicaRouter"],
    ]


def test_a_replica_of_another_engine_is_a_clear_error():
    result = run_django(
        "import django; django.setup()",
        DJANGO_DEBUG="1",
        DATABASE_REPLICA_URL="postgres://kb:secret@db-replica:5432/kb",
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL must name a replica" in result.stderr


def test_sessions_live_in_the_cache_with_redis_and_in_the_database_without():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE)"
    )
    alone = run_django(code, DJANGO_DEBUG="1")
    assert alone.stdout.strip() == "django.contrib.sessions.backends.db"
    shared = run_django(code, DJANGO_DEBUG="1", REDIS_URL="redis://redis:6379/0")
    assert shared.stdout.strip() == "django.contrib.sessions.backends.cached_db"


def test_logs_are_json_in_production_and_text_when_debugging():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.LOGGING['handlers']['console']['formatter'])"
    )
    assert run_django(code, **PRODUCTION_ENV).stdout.strip() == "json"
    assert run_django(code, DJANGO_DEBUG="1").stdout.strip() == "text"
    wrong = run_django(code, DJANGO_DEBUG="1", DJANGO_LOG_FORMAT="xml")
    assert wrong.returncode != 0
    assert "DJANGO_LOG_FORMAT must be json or text" in wrong.stderr


def test_a_malformed_metrics_network_is_a_clear_error():
    result = run_django(
        "import django; django.setup()",
        DJANGO_DEBUG="1",
        METRICS_ALLOWED_IPS="10.0.0.0/8,not-an-address",
    )
    assert result.returncode != 0
    assert "METRICS_ALLOWED_IPS holds 'not-an-address'" in result.stderr
