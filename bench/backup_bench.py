"""What do export_kb and import_kb cost, against Django's dumpdata/loaddata?

    .venv/bin/python bench/backup_bench.py

Source: the bundled document imported through the import service 1, 10 and
100 times (each copy's titles numbered, so each is a new collection with its
own essays), published, every tenth copy edited and tagged, so history grows
with the content. At each size, on SQLite and PostgreSQL:
export_kb (plain and .gz) and its file size against `dumpdata` of the same
tables (the baseline: it cuts microseconds, cannot reload taggit's rows by
natural key, and rebuilds nothing), import_kb into a fresh migrated database
(rows + sequences + search index + fingerprints) against `loaddata` of the
dumpdata file (up to 10x: loaddata reindexes row by row through the search
signals) and against export_kb itself, and on PostgreSQL against
`pg_dump -Fc` / `pg_restore`.
PostgreSQL's source is the SQLite export imported with import_kb (the move
off the quick start), so both hold the same rows. Each step runs in its own
process; Django's start-up is not timed.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    POSTGRES_URL,
    REFERENCE,
    drop_postgres_database,
    postgres_database,
    setup_django,
)

SIZES = tuple(
    int(n) for n in os.environ.get("BENCH_BACKUP_SIZES", "1,10,100").split(",")
)
# loaddata saves row by row and each save of an essay, section or point
# reindexes it through the search signals: minutes at 10x, so not beyond.
LOADDATA_UP_TO = 10
MARKER = re.compile(r"^(第[一二三四五六七八九十]+篇[:：])(.+)$", re.MULTILINE)
# What dumpdata is asked for: the tables export_kb writes.
DUMPED = [
    "auth.group",
    "auth.user",
    "essays.topic",
    "essays.collection",
    "essays.essay",
    "essays.section",
    "essays.point",
    "essays.taggedessay",
    "essays.taggedpoint",
    "essays.watermarkword",
    "search.dictionaryterm",
    "reversion",
    "essays.revisionsource",
    "essays.importupload",
    "essays.apitoken",
    "essays.auditentry",
    "admin.logentry",
]


def copy_of_reference(number: int) -> bytes:
    """The bundled document with its title and essay titles numbered."""
    text = REFERENCE.read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    rest = MARKER.sub(lambda m: f"{m[1]}{m[2]}(第{number}份)", rest)
    return f"{first}(第{number}份)\n{rest}".encode()


def build(start: int, stop: int) -> dict:
    """Import copies start..stop-1, as an editor would, with some edits."""
    from django.contrib.auth import get_user_model

    from essays.models import Essay
    from essays.services import editing, imports, topics
    from essays.services.recording import ADMIN, COMMAND

    users = get_user_model().objects
    editor = users.filter(username="bench").first() or users.create_superuser(
        "bench", password="bench-口令-123456"
    )
    for number in range(start, stop):
        result = imports.import_document(
            copy_of_reference(number),
            filename=f"copy-{number}.txt",
            actor=editor,
            channel=COMMAND,
            publish=True,
        )
        if number % 10 == 0:
            essay = Essay.objects.filter(collection=result.stored.collection).first()
            point = essay.points.order_by("pk").first()
            editing.update(point, actor=editor, channel=ADMIN, title="修订后的标题")
            topics.set_topics(essay, ["备份", "恢复"], actor=editor, channel=ADMIN)
    return {}


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def step(name: str, path: str) -> dict:
    """One measured step in this (child) process."""
    from django.core.management import call_command

    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    if name == "export":
        seconds = timed(
            lambda: call_command("export_kb", path, "--no-progress", **quiet)
        )
        return {"seconds": seconds, "bytes": Path(path).stat().st_size}
    if name == "import":
        seconds = timed(
            lambda: call_command("import_kb", path, "--no-progress", **quiet)
        )
        return {"seconds": seconds}
    if name == "dumpdata":
        seconds = timed(lambda: call_command("dumpdata", *DUMPED, output=path, **quiet))
        return {"seconds": seconds, "bytes": Path(path).stat().st_size}
    if name == "loaddata":
        return {"seconds": timed(lambda: call_command("loaddata", path, **quiet))}
    raise ValueError(name)


def child(url: str, *args) -> dict:
    env = {**os.environ, "BENCH_BACKUP_CHILD": json.dumps([url, *args])}
    done = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_command(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


class Databases:
    """Fresh migrated databases: SQLite files copied, PostgreSQL from a template."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "migrated.sqlite3"
        child(f"sqlite:///{self.template}", "migrate")
        self.pg_names: list[str] = []
        self.pg_template = f"kb_bench_backup_{os.getpid()}"
        self.pg_server = None
        if postgres_database(self.pg_template):
            self.pg_names.append(self.pg_template)
            self.pg_server = POSTGRES_URL.rsplit("/", 1)[0]
            child(f"{self.pg_server}/{self.pg_template}", "migrate")

    def sqlite(self, name: str) -> str:
        path = self.folder / f"{name}.sqlite3"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def postgres(self, name: str) -> str:
        import psycopg

        database = f"{self.pg_template}_{name}"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {database} TEMPLATE {self.pg_template}")
        self.pg_names.append(database)
        return f"{self.pg_server}/{database}"

    def drop(self) -> None:
        for name in reversed(self.pg_names):
            drop_postgres_database(name)


def measure(databases: Databases, folder: Path, source: str, copies: int) -> dict:
    out = {}
    export = folder / f"kb-{copies}.jsonl"
    dump = folder / f"dump-{copies}.json"
    out["sqlite export"] = child(source, "export", str(export))
    out["sqlite export gz"] = child(source, "export", str(export) + ".gz")
    out["sqlite dumpdata"] = child(source, "dumpdata", str(dump))
    out["sqlite import"] = child(
        databases.sqlite(f"in-{copies}"), "import", str(export)
    )
    if copies <= LOADDATA_UP_TO:
        out["sqlite loaddata"] = child(
            databases.sqlite(f"ld-{copies}"), "loaddata", str(dump)
        )
    if databases.pg_server is None:
        return out
    target = databases.postgres(f"in_{copies}")
    out["postgres import"] = child(target, "import", str(export))
    again = folder / f"pg-{copies}.jsonl"
    out["postgres export"] = child(target, "export", str(again))
    out["same bytes"] = again.read_bytes() == export.read_bytes()
    out["postgres export gz"] = child(target, "export", str(again) + ".gz")
    pg_dump = folder / f"pg-{copies}.json"
    out["postgres dumpdata"] = child(target, "dumpdata", str(pg_dump))
    if copies <= LOADDATA_UP_TO:
        loaded = databases.postgres(f"ld_{copies}")
        out["postgres loaddata"] = child(loaded, "loaddata", str(pg_dump))
    custom = folder / f"pg-{copies}.dump"
    out["pg_dump -Fc"] = {
        "seconds": timed_command("pg_dump", "-Fc", "-f", str(custom), target),
        "bytes": custom.stat().st_size,
    }
    restored = databases.postgres(f"rs_{copies}")
    out["pg_restore"] = {
        "seconds": timed_command(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            restored,
            str(custom),
        )
    }
    return out


COMPARED = (  # (step, its baseline)
    ("sqlite export", "sqlite dumpdata"),
    ("sqlite export gz", "sqlite dumpdata"),
    ("sqlite dumpdata", None),
    ("sqlite import", "sqlite loaddata"),
    ("sqlite import", "sqlite export"),
    ("sqlite loaddata", None),
    ("postgres import", "postgres loaddata"),
    ("postgres import", "pg_restore"),
    ("postgres export", "postgres dumpdata"),
    ("postgres export gz", "postgres dumpdata"),
    ("postgres dumpdata", None),
    ("postgres loaddata", None),
    ("pg_dump -Fc", "postgres export"),
    ("pg_restore", None),
)


def report(copies: int, row: dict) -> None:
    print(f"\n{copies}x the bundled document")
    print(f"  {'step':<20} {'s':>7} {'MB':>7}   time ×     size ×   baseline")
    for name, base in COMPARED:
        if name not in row or (base is not None and base not in row):
            continue
        value, other = row[name], row.get(base, {})
        size = f"{value['bytes'] / 1e6:7.2f}" if "bytes" in value else " " * 7
        times = f"{value['seconds'] / other['seconds']:6.2f}" if other else " " * 6
        sizes = (
            f"{value['bytes'] / other['bytes']:6.2f}"
            if "bytes" in value and "bytes" in other
            else " " * 6
        )
        line = f"  {name:<20} {value['seconds']:7.2f} {size}   {times}   {sizes}   "
        line += base or "(baseline)"
        print(line)
    if "same bytes" in row:
        print(f"  SQLite export == PostgreSQL export after import: {row['same bytes']}")


def main() -> None:
    if spec := os.environ.get("BENCH_BACKUP_CHILD"):
        url, name, *args = json.loads(spec)
        setup_django(url)  # migrates
        if name == "migrate":
            print("{}")
        elif name == "build":
            print(json.dumps(build(*args)))
        else:
            print(json.dumps(step(name, *args)))
        return
    folder = Path(tempfile.mkdtemp(prefix="kb-backup-bench-"))
    databases = Databases(folder)
    try:
        source = databases.sqlite("source")
        built = 0
        for copies in SIZES:
            started = time.perf_counter()
            child(source, "build", built, copies)
            print(f"(built {copies}x in {time.perf_counter() - started:.0f} s)")
            built = copies
            report(copies, measure(databases, folder, source, copies))
    finally:
        databases.drop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
