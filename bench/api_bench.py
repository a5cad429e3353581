"""How many requests a second does the JSON API serve, against a bare view and DRF?

    .venv/bin/python bench/api_bench.py

GET /api/v1/essays/{slug} (the whole tree of the reference document's largest
essay) and GET /api/v1/points?topic=tong-zhan-gong-zuo under concurrent load:
the app under gunicorn on 127.0.0.1 with 2 workers of the Dockerfile's class
(sync: one request at a time, no keep-alive; a proxy in front reconnects per
request as our client does), a load client in a second process with a few
connections, for a fixed time per endpoint in interleaved rounds. Baselines in
the same run and the same server (same settings, same middleware): a bare
Django view answering the bytes the API answered (precomputed once), and for
the essay Django REST Framework serving the same tree over the same selector
(a bench-only dependency: the column is skipped when it is not installed).
Targets: the API >= 0.5x the bare view, and ahead of DRF.

The server and the client share the machine's cores; the client is kept light
(raw sockets, a few threads) and its CPU use is printed, with the CPU other
processes took meanwhile; ratios are taken within each round, where both
sides see the same background load. Everything stops by itself: phases are
timed, sockets time out, and the server stops when the bench is gone.
BENCH_DATABASE_URL picks another database (default: a throwaway SQLite file);
BENCH_WORKER_CLASS another gunicorn worker class (default: sync).
"""

import json
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REFERENCE, ROOT, sqlite_url

WORKERS = 2
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
CONNECTIONS = 4  # enough to keep 2 workers busy; each is a client thread
WARMUP = 1.0  # seconds per endpoint, not counted
DURATION = 1.0  # seconds per endpoint per round
ROUNDS = 10  # interleaved; ratios are taken within a round, then the median
MAX_REQUESTS = 200_000  # per endpoint per round, whatever the speed
SOCKET_TIMEOUT = 10.0
SERVER_LIFETIME = 600  # seconds; the server stops by itself after this
TOPIC = "tong-zhan-gong-zuo"
HEADER_END = b"\r\n\r\n"
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
CONNECTION_CLOSE = re.compile(rb"\r\nconnection:\s*close", re.IGNORECASE)


# The load client (a second process) ------------------------------------------


class Connection:
    """One HTTP/1.1 connection to 127.0.0.1, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock: socket.socket | None = None
        self.pending = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.pending = None, b""

    def get(self, request: bytes) -> tuple[int, bytes]:
        reused = self.sock is not None
        if self.sock is None:
            self.sock = socket.create_connection(
                ("127.0.0.1", self.port), timeout=SOCKET_TIMEOUT
            )
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.sock.sendall(request)
            return self.response()
        except ConnectionError:
            self.close()
            if not reused:
                raise
        return self.get(request)  # a kept-alive connection the server had closed

    def receive(self) -> bytes:
        assert self.sock is not None
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        return chunk

    def response(self) -> tuple[int, bytes]:
        data = self.pending
        while HEADER_END not in data:
            data += self.receive()
        head, _, rest = data.partition(HEADER_END)
        length = CONTENT_LENGTH.search(head)
        if length is None:
            raise ValueError(f"no Content-Length: {head[:200]!r}")
        size = int(length.group(1))
        chunks, received = [rest], len(rest)
        while received < size:
            chunk = self.receive()
            chunks.append(chunk)
            received += len(chunk)
        data = b"".join(chunks)
        body, self.pending = data[:size], data[size:]
        if CONNECTION_CLOSE.search(head):
            self.close()  # promptly: a sync worker waits for our side to close
        return int(head[9:12]), body


def request_bytes(port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept: application/json\r\n\r\n"
    ).encode()


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = Connection(port)
    try:
        return connection.get(request_bytes(port, path))
    finally:
        connection.close()


def processes_cpu(master: int) -> float:
    """CPU seconds used so far by `master` and its children (Linux; else 0)."""
    if not os.path.exists(f"/proc/{master}/stat"):
        return 0.0
    seconds = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(entry.name) == master or int(fields[1]) == master:
            seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def machine_cpu() -> float:
    """CPU seconds all cores have been busy so far (Linux; else 0)."""
    try:
        ticks = [int(field) for field in Path("/proc/stat").read_text().split()[1:9]]
    except OSError:
        return 0.0
    idle = ticks[3] + ticks[4]
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def phase(port: int, path: str, seconds: float, server: int = 0) -> dict:
    """CONNECTIONS clients on `path` for `seconds`: 200s completed in time a
    second, and the server's CPU time per response."""
    request = request_bytes(port, path)
    ok = [0] * CONNECTIONS
    failures: list[str] = []
    start = threading.Barrier(CONNECTIONS + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        connection = Connection(port)
        start.wait()
        try:
            while ok[index] < MAX_REQUESTS:
                status, _ = connection.get(request)
                if time.perf_counter() > deadline[0]:
                    break
                if status == 200:
                    ok[index] += 1
                else:
                    failures.append(str(status))
        except Exception as error:
            failures.append(f"{error.__class__.__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    cpu_before = processes_cpu(server) if server else 0.0
    deadline[0] = time.perf_counter() + seconds
    start.wait()
    for thread in threads:
        thread.join()
    cpu = processes_cpu(server) - cpu_before if server else 0.0
    return {
        "rate": sum(ok) / seconds,
        "cpu_per_request": cpu / max(sum(ok), 1),
        "failures": failures[:5],
    }


def run_client(plan: dict) -> dict:
    """Warm every target up, then ROUNDS interleaved rounds: figures per round."""
    port, server, targets = plan["port"], plan["server"], plan["targets"]
    rates: dict[str, list[float]] = {name: [] for name in targets}
    cpu: dict[str, list[float]] = {name: [] for name in targets}
    failures: dict[str, list[str]] = {}
    for name, path in targets.items():
        failures[name] = phase(port, path, WARMUP)["failures"]
    started = time.perf_counter()
    own_before, server_before = sum(os.times()[:2]), processes_cpu(server)
    machine_before = machine_cpu()
    names = list(targets)
    for number in range(ROUNDS):
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            result = phase(port, targets[name], DURATION, server)
            rates[name].append(result["rate"])
            cpu[name].append(result["cpu_per_request"])
            failures[name] += result["failures"]
    elapsed = time.perf_counter() - started
    own = sum(os.times()[:2]) - own_before
    others = (
        machine_cpu() - machine_before - own - (processes_cpu(server) - server_before)
    )
    return {
        "rates": rates,
        "cpu_per_request": cpu,
        "failures": {k: v for k, v in failures.items() if v},
        "client_cores": own / elapsed,
        "other_cores": max(others, 0.0) / elapsed,
    }


# The bench (the first process) ----------------------------------------------


def environment(database_url: str, bodies: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.api_bench_settings",
        "DJANGO_SECRET_KEY": "bench-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="kb-bench-static-"),
        "BENCH_API_BODIES": str(bodies),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_DEBUG", None)
    return env


def prepare_database() -> str:
    """Migrate, import the reference document (published): its largest essay."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from essays.importer import parse
    from essays.models import Essay
    from essays.writer import store_document

    call_command("migrate", verbosity=0)
    path = str(REFERENCE.relative_to(ROOT))
    store_document(parse(REFERENCE.read_bytes(), path=path), publish=True)
    return (
        Essay.objects.published()
        .annotate(size=Count("points"))
        .order_by("-size", "pk")
        .values_list("slug", flat=True)
        .first()
    )


def precompute(port: int, paths: dict[str, str], folder: Path) -> dict:
    """The API's answers, as served on `port`, stored for the bare views."""
    from django.db import connections
    from django.test import Client

    client = Client(HTTP_HOST=f"127.0.0.1:{port}")
    answers = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        (folder / f"{name}.body").write_bytes(response.content)
        headers = dict(response.headers)  # the bare view copies what the API set
        (folder / f"{name}.headers.json").write_text(json.dumps(headers))
        answers[name] = json.loads(response.content)
        answers[f"{name}:bytes"] = len(response.content)
    connections.close_all()
    return answers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kb.wsgi:application",
        f"--config={ROOT / 'bench' / 'api_bench_gunicorn.py'}",
        f"--bind=127.0.0.1:{port}",
        f"--workers={WORKERS}",
        f"--worker-class={WORKER_CLASS}",
        "--timeout=30",
        "--graceful-timeout=5",
    ]
    env = {**env, "BENCH_SERVER_DEADLINE": str(time.time() + SERVER_LIFETIME)}
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def wait_until_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"gunicorn exited ({server.returncode}):\n{log.read_text()}"
            )
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"gunicorn not ready after 30 s:\n{log.read_text()}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def verify(port: int, targets: dict[str, str]) -> None:
    """Every baseline answers the API's JSON content (compared parsed)."""
    answers = {}
    for name, path in targets.items():
        status, body = fetch(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:300]!r}")
        answers[name] = body
    for name, body in answers.items():
        endpoint, server = name.split(":")
        reference = answers[f"{endpoint}:api"]
        if json.loads(body) != json.loads(reference):
            raise SystemExit(
                f"{targets[name]} differs from {targets[endpoint + ':api']}"
            )
        if server == "bare" and body != reference:
            raise SystemExit(f"{targets[name]} is not byte for byte the API's answer")


def load(port: int, server: subprocess.Popen, targets: dict[str, str]) -> dict:
    plan = {"port": port, "server": server.pid, "targets": targets}
    budget = len(targets) * (WARMUP + ROUNDS * DURATION) + 60
    out = subprocess.run(
        [sys.executable, __file__],
        env={**os.environ, "BENCH_LOAD_PLAN": json.dumps(plan)},
        capture_output=True,
        text=True,
        timeout=budget,
        check=True,
    ).stdout
    return json.loads(out)


def tree_size(points: list[dict]) -> int:
    return sum(1 + tree_size(point["children"]) for point in points)


def drf_version() -> str | None:
    try:
        import rest_framework
    except ImportError:
        return None
    return rest_framework.VERSION


def paired(figures: dict[str, list[float]], top: str, bottom: str) -> float:
    """The median over rounds of top / bottom, each taken within one round.

    Other work on the machine comes and goes; both sides of a ratio measured
    seconds apart see about the same of it.
    """
    pairs = zip(figures[top], figures[bottom], strict=True)
    return statistics.median([a / b if b else math.inf for a, b in pairs])


def report(result: dict, targets: dict[str, str], drf: str | None) -> None:
    rates, cpu = result["rates"], result["cpu_per_request"]
    servers = {
        "api": "API (django-ninja)",
        "uncached": "API, no read cache",
        "bare": "bare view",
        "drf": f"DRF {drf}",
    }
    print(
        f"{'endpoint':<8} {'server':<19} {'req/s':>6} {'min-max':>11} {'x bare':>6} "
        f"{'API x':>6} {'CPU ms/req':>10}"
    )
    for name in targets:
        endpoint, server = name.split(":")
        spread = f"{min(rates[name]):.0f}-{max(rates[name]):.0f}"
        print(
            f"{endpoint:<8} {servers[server]:<19} "
            f"{statistics.median(rates[name]):6.0f} {spread:>11} "
            f"{paired(rates, name, f'{endpoint}:bare'):6.2f} "
            f"{paired(rates, f'{endpoint}:api', name):6.2f} "
            f"{statistics.median(cpu[name]) * 1000:10.2f}"
        )
    print(
        "req/s: median and range of the rounds. x bare: this row's req/s over the "
        "bare view's;\nAPI x: the API's req/s over this row's (both: median of "
        "the rounds' ratios).\nCPU ms/req: CPU time of the server (all gunicorn "
        "processes) per response, median."
    )
    print()
    for endpoint in ("essay", "points"):
        ratio = paired(rates, f"{endpoint}:api", f"{endpoint}:bare")
        by_cpu = paired(cpu, f"{endpoint}:bare", f"{endpoint}:api")
        verdict = "met" if ratio >= 0.5 else "NOT met"
        print(
            f"target {endpoint}: API >= 0.5x bare view: {ratio:.2f}x, {verdict} "
            f"(by server CPU per response: {by_cpu:.2f}x)"
        )
    if "essay:drf" in rates:
        for name, label in (("essay:api", "API"), ("essay:uncached", "API, no cache")):
            ratio = paired(rates, name, "essay:drf")
            by_cpu = paired(cpu, "essay:drf", name)
            verdict = "met" if ratio > 1 else "NOT met"
            print(
                f"target essay: {label} ahead of DRF: {ratio:.2f}x DRF, {verdict} "
                f"(by server CPU per response: {by_cpu:.2f}x)"
            )


def main() -> None:
    if os.environ.get("BENCH_LOAD_PLAN"):
        print(json.dumps(run_client(json.loads(os.environ["BENCH_LOAD_PLAN"]))))
        return
    drf = drf_version()
    if drf is None:
        print(
            "Django REST Framework is not installed: the DRF column is skipped "
            "(pip install djangorestframework to compare with it).\n"
        )
    bodies = Path(tempfile.mkdtemp(prefix="kb-bench-api-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or sqlite_url()
    env = environment(database_url, bodies)
    os.environ.update(env)
    slug = prepare_database()
    essay_path = f"/api/v1/essays/{slug}"
    points_path = f"/api/v1/points?topic={TOPIC}"
    uncached = "/api/uncached/v1/"
    targets = {
        "essay:api": essay_path,
        "essay:uncached": essay_path.replace("/api/v1/", uncached),
        "essay:bare": "/api/bare/essay",
    }
    if drf:
        targets["essay:drf"] = f"/api/drf/essays/{slug}"
    targets |= {
        "points:api": points_path,
        "points:uncached": points_path.replace("/api/v1/", uncached),
        "points:bare": "/api/bare/points",
    }
    port = free_port()
    answers = precompute(port, {"essay": essay_path, "points": points_path}, bodies)

    log = bodies / "gunicorn.log"
    server = start_server(port, env, log)
    try:
        wait_until_ready(port, server, log)
        verify(port, targets)
        essay, points = answers["essay"], answers["points"]
        tree = sum(tree_size(section["points"]) for section in essay["sections"])
        print(
            f"GET {essay_path}\n  the reference document's largest essay: "
            f"{len(essay['sections'])} sections, {tree} points, "
            f"{answers['essay:bytes']:,} bytes\n"
            f"GET {points_path}\n  {len(points['items'])} of {points['count']} "
            f"points, {answers['points:bytes']:,} bytes"
        )
        print(
            f"gunicorn: {WORKERS} {WORKER_CLASS} workers on 127.0.0.1:{port}; load "
            f"client: a second process, {CONNECTIONS} connections\n"
            f"{os.cpu_count()} CPU cores, shared by the server and the client\n"
            f"{WARMUP:.0f} s warm-up, then {ROUNDS} interleaved rounds of "
            f"{DURATION:.0f} s per endpoint; JSON checked identical beforehand"
        )
        result = load(port, server, targets)
    finally:
        stop_server(server)
    if result["failures"]:
        raise SystemExit(f"non-200 answers or errors: {result['failures']}")
    print(
        f"client CPU while measuring: {result['client_cores']:.2f} cores; "
        f"other processes: {result['other_cores']:.2f} cores"
    )
    if result["other_cores"] > 0.2:
        print("  (the machine was busy with other work: req/s are noisy)")
    print()
    report(result, targets, drf)


if __name__ == "__main__":
    main()
