"""The read-replica router: its choices, and the site against a real streaming replica.

The end-to-end test makes its own PostgreSQL primary (initdb) and a streaming
standby of it (pg_basebackup -R) on free ports beside the machine's server,
which it does not reconfigure (../shared/docs/decisions.md). It runs the site
in a fresh process with DATABASE_URL on the primary and DATABASE_REPLICA_URL
on the standby, records which alias every query of every request went to,
and pauses the standby's replay so that the two databases tell apart: a
change committed on the primary is then invisible on the replica.
"""

import io
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test import RequestFactory

from essays.middleware import ReplicaReads
from kb.routers import PrimaryReplicaRouter, reads_from_replica, replica_reads
from tests.conftest import IN_CI, ROOT

router = PrimaryReplicaRouter()


# --- the router's choices ---------------------------------------------------------


def test_reads_go_to_the_primary_outside_a_replica_request():
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"


def test_reads_in_a_replica_request_go_to_the_replica_and_writes_never_do():
    with replica_reads():
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"


def test_after_a_write_the_request_reads_from_the_primary():
    with replica_reads():
        router.db_for_write(None)
        assert router.db_for_read(None) == "default"
    with replica_reads():
        assert router.db_for_read(None) == "replica", "the next request starts afresh"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_on_the_primary_go_to_the_primary():
    with replica_reads():
        assert reads_from_replica()
        with transaction.atomic():
            assert router.db_for_read(None) == "default"
        assert router.db_for_read(None) == "replica"


def test_the_replica_gets_no_migrations_and_relations_cross_aliases():
    assert router.allow_migrate("default", "essays")
    assert not router.allow_migrate("replica", "essays")
    assert router.allow_relation(object(), object())


factory = RequestFactory()


@pytest.mark.parametrize(
    ("request_", "replica"),
    [
        (factory.get("/essays/"), True),
        (factory.head("/"), True),
        (factory.get("/api/v1/essays"), True),
        (factory.post("/api/v1/imports"), False),
        (factory.patch("/api/v1/essays/x"), False),
        (factory.delete("/api/v1/essays/x"), False),
        (factory.get("/admin/essays/essay/"), False),
        (factory.get("/api/v1/essays", HTTP_AUTHORIZATION="Bearer kb_x"), False),
    ],
    ids=["page", "head", "api", "post", "patch", "delete", "admin", "token"],
)
def test_which_requests_may_read_from_the_replica(request_, replica):
    assert ReplicaReads.may_read_replica(request_) is replica


def test_a_request_with_a_session_reads_from_the_primary(settings):
    request = factory.get("/essays/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert not ReplicaReads.may_read_replica(request)


# --- a real streaming replica -------------------------------------------------------

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
TOOLS = ("initdb", "pg_ctl", "pg_basebackup")


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"CI must run the replica test: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clusters:
    """A primary and its streaming standby, run as the postgres OS user."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.primary_port, self.standby_port = free_port(), free_port()
        self.started: list[Path] = []

    def run(self, *command: str) -> None:
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ("runuser", "-u", "postgres", "--", *command)
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{command}:\n{result.stdout}{result.stderr}"

    def up(self) -> None:
        primary, standby = self.root / "primary", self.root / "standby"
        tool = {name: str(PG_BIN / name) for name in TOOLS}
        self.run(
            tool["initdb"],
            *("-D", str(primary), "-U", "postgres", "-A", "trust", "--no-sync"),
        )
        self.pg_ctl_start(primary, self.primary_port, "fsync=off")
        self.run(
            tool["pg_basebackup"],
            *("-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres"),
            *("-D", str(standby), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
        )
        self.pg_ctl_start(standby, self.standby_port, "fsync=off")

    def pg_ctl_start(self, data: Path, port: int, setting: str) -> None:
        options = f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 -c {setting}"
        self.started.append(data)
        self.run(
            str(PG_BIN / "pg_ctl"),
            *("-D", str(data), "-l", str(data) + ".log", "-w", "-t", "60"),
            *("-o", options, "start"),
        )

    def down(self) -> None:
        for data in reversed(self.started):
            if (data / "postmaster.pid").exists():
                # Throwaway clusters: no checkpoint on the way out.
                self.run(
                    str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"
                )

    def url(self, port: int, database: str = "kb") -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}"


@pytest.fixture(scope="module")
def clusters():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "a streaming replica is PostgreSQL's; run with DATABASE_URL=postgres://…"
        )
    missing = [name for name in TOOLS if not (PG_BIN / name).exists()]
    if missing:
        unavailable(f"{', '.join(missing)} not in {PG_BIN} (set PG_BIN)")
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root, and there is no postgres user to run as")
    root = Path(tempfile.mkdtemp(prefix="kb-replica-"))
    pair = Clusters(root)
    try:
        if os.geteuid() == 0:
            os.chown(root, owner.pw_uid, owner.pw_gid)
        pair.up()
        yield pair
    finally:
        try:
            pair.down()
        finally:
            shutil.rmtree(root, ignore_errors=True)


def site(pair: Clusters, *arguments: str) -> str:
    """Run `python ARGUMENTS` as the site, on the primary and its replica."""
    # No REDIS_URL: a per-process cache, shared with no other run.
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "kb.settings"
    env["DATABASE_URL"] = pair.url(pair.primary_port)
    env["DATABASE_REPLICA_URL"] = pair.url(pair.standby_port)
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-8000:]
    return result.stdout


@pytest.fixture(scope="module")
def report(clusters) -> dict:
    """What the probe saw: per request, its status and the aliases it queried."""
    import psycopg

    with psycopg.connect(clusters.url(clusters.primary_port, "postgres")) as admin:
        admin.autocommit = True
        admin.execute("CREATE DATABASE kb")
    code = (
        "import django; django.setup();"
        "from tests.operations.test_replica import probe; probe()"
    )
    return json.loads(site(clusters, "-c", code).splitlines()[-1])


def test_anonymous_reads_hit_the_replica_and_writes_the_primary(report):
    assert report["in recovery"] == {"default": False, "replica": True}
    for name in ("home", "essay page", "topics (HEAD)", "api list"):
        assert report[name]["status"] == 200, name
        assert report[name]["aliases"] == ["replica"], name
    # Replay paused: the primary has the new title, the replica the old one.
    write = report["api write"]
    assert write["status"] == 200 and write["aliases"] == ["default"]
    assert write["title"] == report["new title"], "a write's own read sees it"
    paused = report["api read, replay paused"]
    assert paused["aliases"] == ["replica"]
    assert paused["title"] == report["old title"]
    editor = report["editor's page, replay paused"]
    assert editor["aliases"] == ["default"] and editor["shows new title"]
    assert report["admin list"]["aliases"] == ["default"]
    assert report["admin login (POST)"]["aliases"] == ["default"]
    resumed = report["api read, replay resumed"]
    assert resumed["aliases"] == ["replica"]
    assert resumed["title"] == report["new title"]


def test_an_anonymous_search_reads_only_the_replica(report):
    assert report["search page"]["status"] == 200
    assert report["search page"]["aliases"] == ["replica"]


# --- run inside the site's process (site() above) -----------------------------------


def probe() -> None:
    """Requests against the primary and replica; print where their queries went."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from essays.models import Essay

    # The schema and the corpus reach the standby by streaming: it was copied
    # from the primary before the database existed.
    call_command("migrate", verbosity=0)
    call_command("load_bundled_corpus", stdout=io.StringIO(), stderr=io.StringIO())
    setup_test_environment()
    # Plain static files, as in the test suite: no collectstatic manifest here.
    storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(STORAGES={"staticfiles": {"BACKEND": storage}}).enable()
    report: dict = {"in recovery": {a: in_recovery(a) for a in ("default", "replica")}}
    editor_user = get_user_model().objects.create_superuser("ops", password="x" * 20)
    printed = io.StringIO()
    call_command(
        "create_api_token",
        "ops",
        "--scope",
        "read-write",
        stdout=printed,
        stderr=io.StringIO(),
    )
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {printed.getvalue().strip()}"}
    essay = Essay.objects.order_by("pk").first()
    api_path = f"/api/v1/essays/{essay.slug}"
    report["old title"] = essay.title
    report["new title"] = new_title = essay.title + "复核版"
    anonymous, editor = Client(), Client()
    editor.force_login(editor_user)
    wait_for_replay()

    def request(name: str, client: Client, method: str, path: str, *data, **extra):
        seen: list[str] = []
        with recording(seen):
            response = getattr(client, method)(path, *data, **extra)
        report[name] = {"status": response.status_code, "aliases": sorted(set(seen))}
        return response

    request("home", anonymous, "get", "/")
    request("essay page", anonymous, "get", essay.get_absolute_url())
    request("topics (HEAD)", anonymous, "head", "/topics/")
    request("api list", anonymous, "get", "/api/v1/essays")
    request("search page", anonymous, "get", "/search/?q=群众")
    request(
        "admin login (POST)",
        Client(),
        "post",
        "/admin/login/",
        {"username": "ops", "password": "wrong"},
    )
    with replica_cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    response = request(
        "api write",
        anonymous,
        "patch",
        api_path,
        data=json.dumps({"title": new_title}),
        content_type="application/json",
        **bearer,
    )
    report["api write"]["title"] = response.json().get("title")
    response = request("api read, replay paused", anonymous, "get", api_path)
    report["api read, replay paused"]["title"] = response.json()["title"]
    response = request(
        "editor's page, replay paused", editor, "get", essay.get_absolute_url()
    )
    shown = new_title in response.content.decode()
    report["editor's page, replay paused"]["shows new title"] = shown
    request("admin list", editor, "get", "/admin/essays/essay/")
    with replica_cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay()
    response = request("api read, replay resumed", anonymous, "get", api_path)
    report["api read, replay resumed"]["title"] = response.json()["title"]
    print(json.dumps(report, ensure_ascii=False))


@contextmanager
def recording(seen: list[str]):
    """Note the alias of every query made inside the block."""
    with ExitStack() as stack:
        for alias in connections:

            def note(execute, sql, params, many, context, alias=alias):
                seen.append(alias)
                return execute(sql, params, many, context)

            stack.enter_context(connections[alias].execute_wrapper(note))
        yield


def replica_cursor():
    return connections["replica"].cursor()


def in_recovery(alias: str) -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def wait_for_replay(limit: float = 60) -> None:
    """Until the standby has replayed everything the primary has written."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        written = cursor.fetchone()[0]
    deadline = time.monotonic() + limit
    while True:
        with replica_cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
            if cursor.fetchone()[0]:
                return
        assert time.monotonic() < deadline, f"the standby did not replay in {limit} s"
        time.sleep(0.05)
