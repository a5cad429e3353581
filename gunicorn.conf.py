"""gunicorn's settings for the web app (gunicorn reads ./gunicorn.conf.py).

Every knob is an environment variable; the defaults are the ones
bench/load.py measured best on 2 cores (docs/benchmarks.md, "Load").
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS") or 3)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
# Load the app (and jieba's dictionary) once in the master: workers start
# ready and share those pages of memory.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None


def when_ready(server) -> None:
    """Load jieba's dictionary before the workers fork (about half a second)."""
    from essays.search.segment import tokenizer

    tokenizer()
