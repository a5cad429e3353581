"""gunicorn settings for bench/api_bench.py's server: it stops by itself.

The bench stops the server when it is done, also on errors; should the bench
itself be killed, the master stops when its parent is gone or its deadline
($BENCH_SERVER_DEADLINE, a Unix time) has passed, whichever comes first.
"""

import os
import signal
import threading
import time

loglevel = "warning"
accesslog = None


def when_ready(server) -> None:
    deadline = float(os.environ["BENCH_SERVER_DEADLINE"])
    parent = os.getppid()

    def watch() -> None:
        while time.time() < deadline and os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="bench-watchdog", daemon=True).start()
