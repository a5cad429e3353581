"""gunicorn settings for bench/load.py: the project's gunicorn.conf.py, plus
a watchdog that stops the server when the bench is gone (or at its deadline),
and no access log (production writes one to stdout; here it would be a file).
"""

import runpy
from pathlib import Path

from bench.api_bench_gunicorn import when_ready as start_watchdog

PROJECT = runpy.run_path(
    str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py")
)
globals().update(
    {name: value for name, value in PROJECT.items() if not name.startswith("__")}
)
accesslog = None
loglevel = "warning"


def when_ready(server) -> None:
    PROJECT["when_ready"](server)
    start_watchdog(server)


def describe() -> str:
    """The worker set-up in words, for the bench's report."""
    setup = f"{workers} {worker_class} workers"  # noqa: F821 (from PROJECT)
    if worker_class == "gthread":  # noqa: F821
        setup += f" of {threads} threads"  # noqa: F821
    return setup
