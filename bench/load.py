"""Does the site hold under load? A mixed workload against gunicorn, with locust.

    .venv/bin/python bench/load.py [--quick] [--clients 10,50,100] [--modes none,redis]

Builds a PostgreSQL database of its own (kb_load; BENCH_POSTGRES_URL's server)
holding the bundled reference document imported COPIES times as different
collections (1,000 essays; reused when it is already there), serves it with
gunicorn as configured by gunicorn.conf.py (production settings, plain
static storage), and drives it with locust (headless, FastHttpUser, one
process) for 60 s after 20 s of the same load not counted (--quick: 10 s
after 5 s; --warmup N) at each number of clients: pages (home, topic, essay,
point, search), API reads (essays, points of a topic, search) and one editor
saving a point through the API every WRITE_EVERY seconds
(bench/load_locustfile.py). Clients send their next request as soon as the
last one is answered (no think time).

Each run starts a fresh server, in one of these cache modes:
  none   no cache at all (Django's DummyCache): the baseline
  local  the default without REDIS_URL: a cache in each worker's memory
  redis  REDIS_URL=redis://127.0.0.1:6379/7 (LOAD_REDIS_URL), flushed first
The throttles are raised for the run (decisions.md: load runs raise them;
tests prove the 429s); every answer that is not 2xx/3xx counts as an error.

Prints req/s, p50/p95/p99 (ms), errors and the CPU each party used (server,
PostgreSQL, Redis, the locust client, everything else) per run, the ratio of
each cached mode's throughput to the uncached one, and the targets at 50
clients: 0 errors, p99 < 500 ms, throughput with Redis >= 3x without a cache.
Everything stops by itself: locust runs for a fixed time and the server stops
when the bench is gone (bench/load_gunicorn.py).
"""

import argparse
import contextlib
import csv
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, postgres_database, setup_django

DATABASE = "kb_load"
COPIES = 200  # of the reference document's five essays: 1,000 essays
CLIENTS = (10, 50, 100)
MODES = ("none", "local", "redis")
DURATION, QUICK_DURATION = 60, 10  # seconds per run
# Seconds of the same load before each measured run, not counted: a site in
# service runs with its cache filled; the first seconds after a flush (every
# page a miss) are printed apart, as the cold start.
WARMUP, QUICK_WARMUP = 20, 5
WRITE_EVERY = 10  # seconds between the editor's writes
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7")
QUERIES = [
    "统战工作", "群众工作", "群眾工作", "职工思想", "十件事", "党建", "干部",
    "制度", "信访", "统一战线", "民主党派", "群众 工作", "统战 建议", "基层党组织",
    "思想政治工作", "领导班子", "考核", "党员 教育", "服务群众", "加强 建设",
]  # fmt: skip
TARGET_CLIENTS, TARGET_P99_MS, TARGET_RATIO = 50, 500, 3.0
NICE = [0]  # --nice: the priority of the server, the client and kb_load's backends


# The database ---------------------------------------------------------------


def database_url() -> str:
    from bench.common import POSTGRES_URL

    return POSTGRES_URL.rsplit("/", 1)[0] + f"/{DATABASE}"


def has_corpus(url: str, copies: int) -> bool:
    """Whether kb_load already holds `copies` copies and the editor."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            essays = conn.execute(
                "SELECT count(*) FROM essays_essay WHERE status = 'published'"
            ).fetchone()[0]
            editors = conn.execute(
                "SELECT count(*) FROM auth_user WHERE username = 'load-editor'"
            ).fetchone()[0]
    except psycopg.Error:
        return False
    return essays == copies * 5 and editors == 1


def build_corpus(copies: int) -> None:
    """`copies` copies of the reference document, published, and an editor."""
    from django.contrib.auth import get_user_model

    from bench.pages_bench import copy_of_reference
    from essays.writer import store_document

    started = time.perf_counter()
    for copy in range(1, copies + 1):
        store_document(copy_of_reference(copy), publish=True)
        if copy % 20 == 0:
            print(f"  {copy}/{copies} copies ({time.perf_counter() - started:.0f} s)")
    get_user_model().objects.create_superuser("load-editor", "", None)
    # Planner statistics, as autovacuum would gather them on a live site: a
    # freshly loaded table looks empty to the planner.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare(copies: int, rebuild: bool) -> dict:
    """The database (built unless it is there) and the plan the clients follow."""
    url = database_url()
    if rebuild or not has_corpus(url, copies):
        print(f"building {DATABASE}: {copies} copies of the reference document")
        url = postgres_database(DATABASE)
        if url is None:
            raise SystemExit("PostgreSQL is needed (BENCH_POSTGRES_URL)")
        setup_django(url)
        build_corpus(copies)
    else:
        setup_django(url)
    plan = make_plan()
    from django.db import connections

    connections.close_all()
    return plan


def make_plan() -> dict:
    """URLs in popularity order (shuffled, fixed seed) and a read-write token."""
    import io
    import random

    from django.core.management import call_command

    from essays import selectors
    from essays.models import Essay, Point

    rng = random.Random(17)
    essays = list(Essay.objects.published().values_list("slug", flat=True))
    points = list(
        Point.objects.filter(essay__in=Essay.objects.published()).values_list(
            "pk", flat=True
        )
    )
    topics = list(selectors.topics_with_counts().values_list("slug", flat=True))
    for values in (essays, points):
        rng.shuffle(values)  # topics stay most used first, as readers meet them
    writes = list(
        Point.objects.filter(pk__in=points[-20:]).values("id", "title").order_by("id")
    )
    for point in writes:  # a title a previous run left marked
        point["title"] = point["title"].removesuffix("(修订)")
    token = io.StringIO()
    call_command(
        "create_api_token",
        "load-editor",
        scope="read-write",
        name="bench/load.py",
        stdout=token,
        stderr=io.StringIO(),
    )
    return {
        "essays": essays,
        "points": points,
        "topics": topics,
        "queries": QUERIES,
        "writes": writes,
        "token": token.getvalue().strip(),
        "write_every": WRITE_EVERY,
    }


# The server -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(mode: str, static_root: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DJANGO_SECRET_KEY": "bench-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # LOAD_LOG_LEVEL=INFO logs every request (time, queries) in the
        # run's gunicorn log, to see where the time goes; it costs throughput.
        "DJANGO_LOG_LEVEL": os.environ.get("LOAD_LOG_LEVEL", "WARNING"),
        "DATABASE_URL": database_url(),
        "DJANGO_STATIC_ROOT": static_root,
        "LOAD_CACHE": mode,
        # Raised for the run (decisions.md); per second, so that a throttle's
        # list of timestamps stays one second long.
        "API_ANON_RATE": "1000000/s",
        "API_TOKEN_RATE": "1000000/s",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("REDIS_URL", None)
    if mode == "redis":
        env["REDIS_URL"] = REDIS_URL
    return env


def niced(command: list[str]) -> list[str]:
    """`command` at the --nice priority (negative: ahead of other work)."""
    return ["nice", "-n", str(NICE[0]), *command] if NICE[0] else command


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "kb.wsgi:application",
        f"--config={ROOT / 'bench' / 'load_gunicorn.py'}",
        f"--bind=127.0.0.1:{port}",
    ]
    env = {**env, "BENCH_SERVER_DEADLINE": str(time.time() + 900)}
    with log.open("wb") as output:
        return subprocess.Popen(
            niced(command), cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_ready(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()}")
        try:
            if get(port, "/healthz") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn not ready after 60 s:\n{log.read_text()}")


def check_urls(port: int, plan: dict) -> None:
    """Each kind of request answers 200 before the run counts anything."""
    for path in (
        "/",
        f"/topics/{plan['topics'][0]}/",
        f"/essays/{plan['essays'][0]}/",
        f"/points/{plan['points'][0]}/",
        "/search/?q=%E7%BB%9F%E6%88%98",
        "/api/v1/essays",
        f"/api/v1/points?topic={plan['topics'][0]}",
        "/api/v1/search?q=%E7%BB%9F%E6%88%98",
    ):
        status = get(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# CPU accounting (Linux /proc) -------------------------------------------------


def process_table() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, CPU seconds so far, command line) of every process."""
    table = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            command = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue  # gone meanwhile
        cpu = (int(fields[11]) + int(fields[12])) / tick
        table[int(entry.name)] = (int(fields[1]), cpu, command.decode(errors="replace"))
    return table


def machine_busy() -> float:
    """CPU seconds all cores have been busy so far."""
    ticks = [int(field) for field in Path("/proc/stat").read_text().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def parties(table: dict, server: int) -> dict[int, str]:
    """Which party each process of interest belongs to."""
    owner = {}
    for pid, (parent, _, command) in table.items():
        if pid == server or parent == server:
            owner[pid] = "server"
        elif command.startswith("postgres: ") and f" {DATABASE} " in command:
            owner[pid] = "postgres"
        elif command.startswith("redis-server"):
            owner[pid] = "redis"
    return owner


def cpu_split(before: dict, after: dict, server: int) -> dict:
    """CPU seconds the server, PostgreSQL and Redis used between two tables."""
    split = {"server": 0.0, "postgres": 0.0, "redis": 0.0}
    for pid, party in parties(after, server).items():
        split[party] += after[pid][1] - before.get(pid, (0, 0.0, ""))[1]
    return split


# One run --------------------------------------------------------------------


def run_locust(port: int, clients: int, seconds: int, folder: Path, plan: Path):
    """Locust headless for `seconds`: its CSV prefix and the CPU split."""
    prefix = folder / f"c{clients}"
    command = [
        sys.executable,
        "-m",
        "locust",
        f"--locustfile={ROOT / 'bench' / 'load_locustfile.py'}",
        "--headless",
        f"--users={clients}",
        f"--spawn-rate={clients}",
        f"--run-time={seconds}s",
        f"--host=http://127.0.0.1:{port}",
        f"--csv={prefix}",
        "--only-summary",
        "--loglevel=WARNING",
        "--stop-timeout=0",
    ]
    env = {**os.environ, "LOAD_PLAN": str(plan)}
    with (folder / f"c{clients}.log").open("wb") as log:
        client = subprocess.Popen(
            niced(command), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        return prefix, client


def measure(server: subprocess.Popen, port: int, clients: int, seconds: int,
            folder: Path, plan: Path) -> dict:  # fmt: skip
    table_before, busy_before = process_table(), machine_busy()
    children_before = children_cpu()
    started = time.perf_counter()
    prefix, client = run_locust(port, clients, seconds, folder, plan)
    try:
        while NICE[0] and client.poll() is None:
            renice_backends()
            time.sleep(1)
        client.wait(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        stop(client)
        raise SystemExit(f"locust did not finish; see {folder}") from None
    elapsed = time.perf_counter() - started
    busy = machine_busy() - busy_before
    split = cpu_split(table_before, process_table(), server.pid)
    split["client"] = children_cpu() - children_before  # locust, now reaped
    split["other"] = max(0.0, busy - sum(split.values()))
    return {
        "stats": read_stats(prefix),
        "cores": {party: used / elapsed for party, used in split.items()},
    }


def renice_backends() -> None:
    """kb_load's PostgreSQL backends (this bench's only) at the --nice priority."""
    for pid, party in parties(process_table(), 0).items():
        if party == "postgres":
            # Gone meanwhile, or not ours to change: it keeps its priority.
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, pid, NICE[0])


@contextlib.contextmanager
def priority(nice: int):
    """This session's and PostgreSQL's scheduling groups at `nice`, then back.

    Linux shares the cores between sessions (autogroups) before it looks at
    a process's own nice value, so on a machine shared with other sessions
    the bench, its server and the database server each get a session's
    share unless their groups are raised. Needs root; without it, a warning.
    """
    groups = [Path("/proc/self/autogroup")]
    postmaster = postgres_server()
    if postmaster:
        groups.append(Path(f"/proc/{postmaster}/autogroup"))
    before = {}
    try:
        for group in groups:
            if nice and group.exists():
                before[group] = group.read_text().split()[-1]
                group.write_text(str(nice))
    except OSError as error:
        print(f"(--nice {nice} not applied: {error})", file=sys.stderr)
    try:
        yield
    finally:
        for group, value in before.items():
            with contextlib.suppress(OSError):
                group.write_text(value)


def postgres_server() -> int | None:
    """The PostgreSQL server process (the parent of the backends), if local."""
    for pid, (_, _, command) in process_table().items():
        if "postgres" in command and " -D " in command:
            return pid
    return None


def children_cpu() -> float:
    """CPU seconds of this process's finished (reaped) children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_stats(prefix: Path) -> dict:
    """Locust's figures per request name, 'Aggregated' for all."""
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        rows = {row["Name"]: row for row in csv.DictReader(file)}
    failures = {}
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with path.open(encoding="utf-8") as file:
            for row in csv.DictReader(file):
                failures[f"{row['Name']}: {row['Error']}"] = int(row["Occurrences"])
    return {"rows": rows, "failures": failures}


def figures(row: dict, seconds: int) -> dict:
    return {
        "requests": int(row["Request Count"]),
        "rate": int(row["Request Count"]) / seconds,
        "errors": int(row["Failure Count"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def run(mode: str, clients: int, seconds: int, plan: dict, folder: Path,
        warmup: int) -> dict:  # fmt: skip
    """A fresh server in `mode`, warmed up, driven by `clients` for `seconds`."""
    (folder / "static").mkdir(exist_ok=True)  # empty: nothing is collected
    env = server_environment(mode, str(folder / "static"))
    port = free_port()
    log = folder / f"{mode}-c{clients}-gunicorn.log"
    server = start_server(port, env, log)
    try:
        wait_until_ready(port, server, log)
        check_urls(port, plan)
        if mode == "redis":
            flush_redis()
        plan_file = folder / "plan.json"
        plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        cold = None
        if warmup:
            (folder / mode / "warmup").mkdir(exist_ok=True)
            cold = measure(
                server, port, clients, warmup, folder / mode / "warmup", plan_file
            )
        result = measure(server, port, clients, seconds, folder / mode, plan_file)
        result["warmup"] = cold
    finally:
        stop(server)
        end_queries()
    return result


def end_queries() -> None:
    """End kb_load's queries still running for a stopped server's requests.

    PostgreSQL finishes a query whose client is gone; a slow one would go on
    taking the cores from the next run.
    """
    import psycopg

    with psycopg.connect(database_url(), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        )


# The report -----------------------------------------------------------------


def print_run(mode: str, clients: int, result: dict, seconds: int, warmup: int) -> None:
    if result.get("warmup"):
        cold = figures(result["warmup"]["stats"]["rows"]["Aggregated"], warmup)
        print(
            f"  (warm-up, not counted: {warmup} s from an empty cache, "
            f"{cold['rate']:.1f} req/s, p50 {cold['p50']:.0f}, p95 "
            f"{cold['p95']:.0f}, p99 {cold['p99']:.0f} ms, {cold['errors']} errors)"
        )
    total = figures(result["stats"]["rows"]["Aggregated"], seconds)
    cores = result["cores"]
    print(
        f"{mode:<6} {clients:>4} {total['rate']:7.1f} {total['p50']:6.0f} "
        f"{total['p95']:6.0f} {total['p99']:6.0f} {total['errors']:6d}   "
        + " ".join(
            f"{cores[p]:.2f}"
            for p in ("server", "postgres", "redis", "client", "other")
        ),
        flush=True,
    )
    for failure, count in list(result["stats"]["failures"].items())[:5]:
        print(f"         {count} x {failure}")


def print_kinds(results: dict, seconds: int) -> None:
    print("\nby kind of request (req/s and p99 ms at each client count):")
    for (mode, clients), result in results.items():
        rows = result["stats"]["rows"]
        kinds = [name for name in rows if name != "Aggregated"]
        line = ", ".join(
            f"{name} {figures(rows[name], seconds)['rate']:.0f}/"
            f"{figures(rows[name], seconds)['p99']:.0f}"
            for name in sorted(kinds)
        )
        print(f"  {mode} {clients}: {line}")


def total(results: dict, mode: str, clients: int, seconds: int) -> dict:
    return figures(results[mode, clients]["stats"]["rows"]["Aggregated"], seconds)


def print_verdict(results: dict, seconds: int) -> None:
    print()
    modes = sorted({mode for mode, _ in results}, key=MODES.index)
    for clients in sorted({c for _, c in results}):
        if ("none", clients) not in results:
            continue
        base = total(results, "none", clients, seconds)["rate"]
        ratios = [
            f"{mode} {total(results, mode, clients, seconds)['rate'] / base:.2f}x"
            for mode in modes
            if mode != "none" and (mode, clients) in results
        ]
        print(f"throughput over no cache at {clients} clients: {', '.join(ratios)}")
    if ("redis", TARGET_CLIENTS) not in results:
        return
    redis = total(results, "redis", TARGET_CLIENTS, seconds)
    verdicts = [
        (f"errors: {redis['errors']}", redis["errors"] == 0),
        (f"p99: {redis['p99']:.0f} ms < {TARGET_P99_MS}", redis["p99"] < TARGET_P99_MS),
    ]
    if ("none", TARGET_CLIENTS) in results:
        ratio = redis["rate"] / total(results, "none", TARGET_CLIENTS, seconds)["rate"]
        verdicts.append(
            (
                f"throughput: {ratio:.2f}x no cache >= {TARGET_RATIO}x",
                ratio >= TARGET_RATIO,
            )
        )
    print(f"targets at {TARGET_CLIENTS} clients, with Redis:")
    for text, met in verdicts:
        print(f"  {text} ({'met' if met else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_DURATION} s runs after {QUICK_WARMUP} s of warm-up",
    )
    parser.add_argument(
        "--clients",
        default=",".join(map(str, CLIENTS)),
        help="numbers of clients, one run each (default %(default)s)",
    )
    parser.add_argument(
        "--modes",
        default=",".join(MODES),
        help="cache modes: none (the baseline), local (each worker's memory), "
        "redis (LOAD_REDIS_URL, flushed before each run); default %(default)s",
    )
    parser.add_argument(
        "--copies",
        type=int,
        default=COPIES,
        help="copies of the reference document in kb_load (5 essays each)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=None,
        help=f"seconds of load before each measured run, not counted "
        f"(default {WARMUP}; --quick {QUICK_WARMUP}; 0: measure from a cold cache)",
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild kb_load")
    parser.add_argument(
        "--write-every",
        type=float,
        default=WRITE_EVERY,
        help="seconds between the editor's writes (each bumps the content version)",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="priority of server, client and kb_load's backends (-5: ahead of "
        "other work on a shared machine; needs root)",
    )
    options = parser.parse_args()
    seconds = QUICK_DURATION if options.quick else DURATION
    if options.warmup is None:
        options.warmup = QUICK_WARMUP if options.quick else WARMUP
    NICE[0] = options.nice
    clients = [int(n) for n in options.clients.split(",")]
    modes = [mode for mode in options.modes.split(",") if mode]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    try:
        import locust  # noqa: F401  (the client runs in its own process)
    except ImportError:
        parser.error('locust is missing: pip install -e ".[bench]"')

    with priority(NICE[0]):
        run_all(options, seconds, clients, modes)


def run_all(options, seconds: int, clients: list[int], modes: list[str]) -> None:
    plan = prepare(options.copies, options.rebuild)
    plan["write_every"] = options.write_every
    folder = Path(tempfile.mkdtemp(prefix="kb-load-"))
    for mode in modes:
        (folder / mode).mkdir()
    from bench.load_gunicorn import describe

    print(
        f"{len(plan['essays']):,} essays, {len(plan['points']):,} points, "
        f"{len(plan['topics'])} topics; {seconds} s a run after {options.warmup} s "
        f"of warm-up; one editor writes every {plan['write_every']:g} s\n"
        f"gunicorn: {describe()}; {os.cpu_count()} cores "
        f"shared by server, database, Redis and client (nice {NICE[0]}); "
        f"logs in {folder}\n"
    )
    print(
        "mode  clients  req/s    p50    p95    p99 errors   cores: server "
        "postgres redis client other"
    )
    results = {}
    for mode in modes:
        for count in clients:
            results[mode, count] = run(
                mode, count, seconds, plan, folder, options.warmup
            )
            print_run(mode, count, results[mode, count], seconds, options.warmup)
    print_kinds(results, seconds)
    print_verdict(results, seconds)


if __name__ == "__main__":
    main()
