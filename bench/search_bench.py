"""Is search fast at 100,000 points? New search vs the old icontains scan.

    .venv/bin/python bench/search_bench.py

Builds 10,000 and then 100,000 points from the bundled document's sentences
recombined (bulk-inserted, then indexed), and times 30 fixed reader queries
through essays.search.search() (a page of 20 typed hits with snippets and
counts per kind) against the old icontains scan (points joined to sections
and essays, ranked, a page of 20 and its count) in the same run. The old scan
is cut off at SCAN_LIMIT and reported as "more than". Also times the topic
page (Django's test client): rendered with the topic's holders cached, cold
after a write, and from the readers' page cache. Runs SQLite, then
PostgreSQL when reachable (BENCH_POSTGRES_URL, database kb_searchbench).

To iterate on one part (the default runs everything, as above):

    .venv/bin/python bench/search_bench.py --sizes 100000 --topic-only
    .venv/bin/python bench/search_bench.py --postgres-only

`--sizes` builds only those sizes (ascending), `--topic-only` skips the 30
queries and the old scan, `--postgres-only` / `--sqlite-only` one database.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import REFERENCE, setup_django, sqlite_url

SIZES = (10_000, 100_000)
POINTS_PER_SECTION, SECTIONS_PER_ESSAY = 10, 10
REPEAT = 5
SCAN_LIMIT = 1.0  # seconds
QUERIES = [
    "统战工作", "群众工作", "群眾工作", "統戰工作", "职工思想", "十件事", "10件事",
    "党建", "干部", "制度", "信访", "统一战线", "民主党派", "群众 工作", "统战 建议",
    '"统战工作" -民主党派', "第三", "桂东", "廉政", "基层党组织", "思想政治工作",
    "领导班子", "考核", "党员 教育", "群中工作", "统站", "工作", "发展", "加强 建设",
    "服务群众",
]  # fmt: skip


def sentences() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    parts = [s.strip() + "。" for s in text.replace("\n", "。").split("。")]
    return [s for s in parts if 8 <= len(s) <= 120]


def build(target: int, pool: list[str], state: dict) -> None:
    """Grow the bench collection to `target` points, then index what was added.

    Rows are bulk-inserted (no signals), a batch of essays at a time, and the
    index is built for them in bulk, as `rebuild_search_index` does; then the
    database's statistics are gathered (ANALYZE), as on a database in use.
    """
    from essays.search import indexing

    started, new_essays = time.perf_counter(), []
    while state["points"] < target:
        batch = max(1, min(100, (target - state["points"]) // 100))
        new_essays += add_essays(batch, pool, state)
    inserted = time.perf_counter()
    indexing.index_in_bulk(new_essays)
    indexed = time.perf_counter()
    # Planner statistics, as autovacuum (or a restore's ANALYZE) leaves them on
    # a real database: fresh bulk inserts otherwise get plans for empty tables.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"  {target:,} points: rows inserted in {inserted - started:.1f} s, "
        f"indexed in {indexed - inserted:.1f} s "
        f"({(len(new_essays) * 111) / (indexed - inserted):,.0f} entries/s)"
    )


def add_essays(count: int, pool: list[str], state: dict) -> list[int]:
    """`count` published essays of 10 sections of 10 points, bulk-inserted."""
    from django.utils import timezone

    from essays.models import Essay, Point, Section, TaggedPoint

    rng, collection = state["rng"], state["collection"]
    first = state["essays"] + 1
    state["essays"] += count
    essays = Essay.objects.bulk_create(
        Essay(
            collection=collection,
            position=1000 + n,
            title=rng.choice(pool)[:40],
            slug=f"bench-{n}",
            lead=" ".join(rng.sample(pool, 2)),
            status=Essay.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(first, first + count)
    )
    sections = Section.objects.bulk_create(
        Section(essay=essay, position=i + 1, title=rng.choice(pool)[:60])
        for essay in essays
        for i in range(SECTIONS_PER_ESSAY)
    )
    points = Point.objects.bulk_create(
        Point(
            essay_id=section.essay_id,
            section=section,
            position=j + 1,
            title=rng.choice(pool)[:60],
            body="\n".join(rng.sample(pool, 2)),
        )
        for section in sections
        for j in range(POINTS_PER_SECTION)
    )
    TaggedPoint.objects.bulk_create(
        TaggedPoint(content_object=p, tag=state["topic"])
        for p in points
        if rng.random() < 0.1
    )
    state["points"] += len(points)
    return [essay.pk for essay in essays]


def old_scan(text: str):
    """The search before issue 11: icontains over points, sections and essays."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from essays.models import Essay, Point
    from essays.search.segment import query_terms

    points = Point.objects.filter(essay__status=Essay.Status.PUBLISHED)
    relevance = Value(0)
    for term in query_terms(" ".join(text.split()))[:10]:
        points = points.filter(
            Q(title__icontains=term)
            | Q(body__icontains=term)
            | Q(section__title__icontains=term)
            | Q(essay__title__icontains=term)
        )
        relevance = relevance + Case(
            When(title__icontains=term, then=Value(3)),
            When(body__icontains=term, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ordered = points.annotate(relevance=relevance).order_by("-relevance", "id")
    return list(ordered.select_related("essay", "section")[:20]), ordered.count()


def timed_with_limit(run) -> float | None:
    """Seconds, or None when cut off at SCAN_LIMIT."""
    from django.db import OperationalError, connection, transaction

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SET LOCAL statement_timeout = {int(SCAN_LIMIT * 1000)}"
                )
                run()
        except OperationalError:
            return None
    else:
        connection.ensure_connection()
        raw = connection.connection
        deadline = started + SCAN_LIMIT
        raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
        try:
            run()
        except OperationalError:
            return None
        finally:
            raw.set_progress_handler(None, 0)
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(points: int, *, topic_only: bool = False) -> float | None:
    if topic_only:
        print(f"{points:>7} points")
        measure_topic_page()
        return None
    from essays import search

    per_query = []
    for text in QUERIES:
        search.search(text)  # warm
        runs = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            search.search(text)
            runs.append(time.perf_counter() - started)
        per_query.append(statistics.median(runs))
    scans = [timed_with_limit(lambda t=text: old_scan(t)) for text in QUERIES]
    finished = [s for s in scans if s is not None]
    cut = len(scans) - len(finished)
    ms = 1000
    print(
        f"{points:>7} points  search p50 {percentile(per_query, 0.5) * ms:7.1f} ms"
        f"  p95 {percentile(per_query, 0.95) * ms:7.1f} ms"
        f"  max {max(per_query) * ms:7.1f} ms"
    )
    if cut:
        scan = f"p50 more than {SCAN_LIMIT * ms:.0f} ms ({cut}/30 cut off)"
        if cut <= len(scans) // 2:
            scan = (
                f"p50 {percentile([s or SCAN_LIMIT for s in scans], 0.5) * ms:.1f} ms, "
                f"p95 more than {SCAN_LIMIT * ms:.0f} ms ({cut}/30 cut off)"
            )
    else:
        scan = (
            f"p50 {percentile(finished, 0.5) * ms:.1f} ms"
            f"  p95 {percentile(finished, 0.95) * ms:.1f} ms"
        )
    print(f"{'':>7}         old icontains scan {scan}")
    measure_topic_page()
    return percentile(per_query, 0.95)


def measure_topic_page() -> None:
    from django.core.cache import cache
    from django.test import Client

    ms = 1000
    url = "/topics/tong-zhan-gong-zuo/"
    # Three ways a reader meets the topic page: rendered (the holders cached,
    # the page not: what a second visitor with a cookie gets), cold (after
    # any write: holders read again, page rendered) and from the page cache.
    rendered, cold, cached = Client(), Client(), Client()
    rendered.cookies["bench"] = "1"  # a cookie: the page cache steps aside
    cold.cookies["bench"] = "1"
    rendered.get(url)
    cached.get(url)
    figures, median, cpu = {}, {}, {}
    for name, client, before in (
        ("rendered", rendered, None),
        ("cold", cold, cache.clear),
        ("page cache", cached, None),
    ):
        runs, cpus = [], []
        for _ in range(REPEAT * 4):
            if before:
                before()
            started, used = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            runs.append(time.perf_counter() - started)
            cpus.append(time.process_time() - used)
        figures[name] = percentile(runs, 0.95) * ms
        median[name] = percentile(runs, 0.5) * ms
        cpu[name] = percentile(cpus, 0.5) * ms
    print(
        f"{'':>7}         topic page p95 {figures['rendered']:.1f} ms rendered, "
        f"{figures['cold']:.1f} ms cold after a write, "
        f"{figures['page cache']:.1f} ms from the page cache"
    )
    print(
        f"{'':>7}         topic page p50 {median['rendered']:.1f} ms rendered, "
        f"{median['cold']:.1f} ms cold, {median['page cache']:.1f} ms cached; "
        f"CPU a request p50 {cpu['rendered']:.1f} ms rendered, "
        f"{cpu['cold']:.1f} ms cold"
    )


def run_one(database_url: str, sizes=SIZES, *, topic_only: bool = False) -> None:
    setup_django(database_url)
    from django.db import connection

    from essays.models import Collection, Topic
    from essays.writer import store_document
    from tests.conftest import parsed_document

    print(f"== {connection.vendor} ==")
    store_document(parsed_document(REFERENCE), publish=True)
    state = {
        "rng": random.Random(11),
        "collection": Collection.objects.get(),
        "topic": Topic.objects.get(slug="tong-zhan-gong-zuo"),
        "points": 0,
        "essays": 0,
    }
    pool = sentences()
    p95 = {}
    for size in sorted(sizes):
        build(size, pool, state)
        p95[size] = measure(size, topic_only=topic_only)
    if not topic_only and set(SIZES) <= set(p95):
        growth = p95[SIZES[1]] / p95[SIZES[0]]
        print(f"  growth in search p95 from 10,000 to 100,000 points: {growth:.2f}x")


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(size) for size in text.split(",")],
        default=list(SIZES),
        help="points to build and measure at, comma-separated (10000,100000)",
    )
    parser.add_argument(
        "--topic-only", action="store_true", help="time only the topic page"
    )
    database = parser.add_mutually_exclusive_group()
    database.add_argument("--sqlite-only", action="store_true")
    database.add_argument("--postgres-only", action="store_true")
    return parser.parse_args(argv)


def main() -> None:
    options = arguments(sys.argv[1:])
    if os.environ.get("SEARCH_BENCH_DATABASE_URL"):
        run_one(
            os.environ["SEARCH_BENCH_DATABASE_URL"],
            options.sizes,
            topic_only=options.topic_only,
        )
        return
    from bench.common import postgres_database

    urls = [] if options.postgres_only else [sqlite_url()]
    postgres = None if options.sqlite_only else postgres_database("kb_searchbench")
    if postgres:
        urls.append(postgres)
    for url in urls:
        env = {**os.environ, "SEARCH_BENCH_DATABASE_URL": url}
        subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=True)


if __name__ == "__main__":
    main()
