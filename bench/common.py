"""What the benchmarks share: Django set up on a throwaway database, timing."""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "essays" / "corpus" / "jiceng-dangqun-gongzuo.txt"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def setup_django(database_url: str) -> None:
    """Configure Django like production (debug off) on `database_url`, migrated."""
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kb.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=tempfile.mkdtemp(prefix="kb-bench-static-"),
    )
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Plain static storage: the pages need no collectstatic (as in the tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    call_command("migrate", verbosity=0)


def sqlite_url() -> str:
    return f"sqlite:///{tempfile.mkdtemp(prefix='kb-bench-')}/db.sqlite3"


def postgres_database(name: str) -> str | None:
    """A fresh PostgreSQL database `name`, or None if none is reachable."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        print(
            f"PostgreSQL not reachable ({error.__class__.__name__}); skipped",
            file=sys.stderr,
        )
        return None
    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seconds(action: Callable[[], object], *, repeat: int = 3) -> float:
    """The best of `repeat` wall-clock timings of `action`."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return min(timings)


def median_seconds(action: Callable[[], object], *, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)
