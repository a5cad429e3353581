"""gunicorn's settings for the web app (gunicorn reads ./gunicorn.conf.py).

Every knob is an environment variable; the defaults are the ones
bench/load.py measured best on 2 cores (docs/benchmarks.md, "Load").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# One process per core, each with a few threads: a thread waiting on the
# database or the cache leaves the core to another. On 2 cores this served
# the most requests a second of the set-ups tried (sync 3 and 5, gthread 2x4,
# 3x4 and 5x2; docs/benchmarks.md, Load).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS") or os.cpu_count() or 2)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# Load the app (and jieba's dictionary) once in the master: workers start
# ready and share those pages of memory.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
# The app logs each request itself; GUNICORN_ACCESS_LOG=- adds gunicorn's line.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def when_ready(server) -> None:
    """Load jieba's dictionary before the workers fork (about half a second)."""
    from essays.search.segment import tokenizer

    tokenizer()


def child_exit(server, worker) -> None:
    """A dead worker's Prometheus files stop counting as live (multiprocess)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
