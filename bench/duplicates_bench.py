"""What does checking an essay for near-duplicates cost against 100,000 stored?

    .venv/bin/python bench/duplicates_bench.py

Stored: essays whose fingerprints are real MinHash signatures of texts made
from the reference document's sentences. A few hundred base texts (40 random
sentences each) are fingerprinted; each stored essay is a pair of bases, and
the MinHash of a union is the element-wise minimum of the two signatures, so
100,000 distinct fingerprints cost a few hundred MinHash runs. They are
bulk-inserted at 1,000, 10,000 and 100,000 essays; at each size ~50 checks
(half near-copies of a stored essay, half new texts) are timed, whole
(`find_duplicates`: clean-up, MinHash, query) and query only, against the
baseline measured in the same run: a plain lookup of a collection by sha256.
Issue #9: the check must cost milliseconds, not a scan.
"""

import hashlib
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    REFERENCE,
    drop_postgres_database,
    postgres_database,
    setup_django,
    sqlite_url,
)

SIZES = (1_000, 10_000, 100_000)
ESSAYS_PER_COLLECTION = 10
BASES = 450  # 450 * 449 / 2 pairs > 100,000
SENTENCES_PER_BASE = 40
CHECKS = 50
SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]")


def sentences() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    return sorted({s.strip() for s in SENTENCE.findall(text) if len(s.strip()) > 8})


def base_texts(rng: random.Random) -> list[list[str]]:
    pool = sentences()
    return [rng.sample(pool, SENTENCES_PER_BASE) for _ in range(BASES)]


def pair_signatures(bases: list[list[str]], count: int):
    """`count` fingerprints of two-base essays: element-wise minimum of MinHashes."""
    from essays.duplicates.minhash import SIGNATURE_DTYPE, Fingerprint, fingerprint
    from essays.duplicates.text import normalise

    base_prints = [fingerprint(normalise("".join(base))) for base in bases]
    pairs = itertools.islice(itertools.combinations(range(len(bases)), 2), count)
    for left, right in pairs:
        mine, theirs = base_prints[left], base_prints[right]
        union = np.minimum(mine.values(), theirs.values()).astype(SIGNATURE_DTYPE)
        yield (
            (left, right),
            Fingerprint(union.tobytes(), mine.shingle_count + theirs.shingle_count),
        )


def insert_essays(start: int, stop: int) -> list[int]:
    """Collections and essays numbered start..stop, bulk-inserted; essay ids."""
    from essays.models import Collection, Essay

    first, last = start // ESSAYS_PER_COLLECTION, stop // ESSAYS_PER_COLLECTION
    collections = Collection.objects.bulk_create(
        (Collection(title=f"基准汇编{n}", sha256=sha(n)) for n in range(first, last)),
        batch_size=1000,
    )
    numbers = itertools.count(start)
    essays = Essay.objects.bulk_create(
        (
            Essay(collection=c, position=p, title="基准", slug=f"bench-{next(numbers)}")
            for c in collections
            for p in range(1, ESSAYS_PER_COLLECTION + 1)
        ),
        batch_size=1000,
    )
    return [essay.pk for essay in essays]


def sha(number: int) -> str:
    return hashlib.sha256(f"bench-{number}".encode()).hexdigest()


def check_essays(bases: list[list[str]], rng: random.Random, stored: int) -> list:
    """Half near-copies of stored pairs (a few characters edited), half new."""
    from essays.importer.nodes import ParsedEssay

    pairs = list(itertools.islice(itertools.combinations(range(BASES), 2), stored))
    checks = []
    for number in range(CHECKS):
        if number % 2 == 0:
            left, right = rng.choice(pairs)
            text = [*bases[left], *bases[right]]
            text[3] = "某" + text[3][1:]
        else:
            text = rng.sample(sentences(), 2 * SENTENCES_PER_BASE)
        checks.append(ParsedEssay(title=f"检查{number}", body=tuple(text)))
    return checks


def timings(action: Callable[[object], object], inputs: list) -> tuple[float, float]:
    """p50 and p95 in milliseconds of `action` over `inputs`."""
    spent = []
    for item in inputs:
        started = time.perf_counter()
        action(item)
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.95) - 1]


def measure_size(bases, checks, stored: int, insert_seconds: float) -> dict:
    """The check's costs, whole and query only, and the sha256 baseline's."""
    from essays.duplicates.index import candidate_fingerprints, find_duplicates
    from essays.duplicates.minhash import fingerprint
    from essays.duplicates.text import essay_text
    from essays.models import Collection

    prints = [fingerprint(essay_text(essay)) for essay in checks]
    flagged = sum(bool(found) for found in find_duplicates(checks))
    hashes = [sha(n) for n in range(0, stored // ESSAYS_PER_COLLECTION, 97)]
    return {
        "stored": stored,
        "insert_s": insert_seconds,
        "flagged": flagged,
        "whole": timings(lambda essay: find_duplicates([essay]), checks),
        "query": timings(lambda found: candidate_fingerprints([found], None), prints),
        "baseline": timings(
            lambda digest: Collection.objects.filter(sha256=digest).first(),
            (hashes * CHECKS)[:CHECKS],
        ),
    }


def run_sizes() -> list[dict]:
    """Grow the store to each size, timing inserts and checks (in a child)."""
    from essays.duplicates.index import store_fingerprints

    rng = random.Random(9)
    bases = base_texts(rng)
    signatures = [found for _, found in pair_signatures(bases, SIZES[-1])]
    results, stored = [], 0
    for size in SIZES:
        started = time.perf_counter()
        ids = insert_essays(stored, size)
        store_fingerprints(dict(zip(ids, signatures[stored:size], strict=True)))
        insert_seconds = time.perf_counter() - started
        stored = size
        checks = check_essays(bases, rng, stored)
        results.append(measure_size(bases, checks, stored, insert_seconds))
    return results


def run_in_child(database_url: str) -> list[dict]:
    env = {**os.environ, "BENCH_CHILD_DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, __file__], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def report(name: str, rows: list[dict]) -> None:
    for row in rows:
        whole, query, base = row["whole"], row["query"], row["baseline"]
        print(
            f"{name:>10} {row['stored']:>7} {row['insert_s']:7.1f}s "
            f"{row['flagged']:>3}/{CHECKS} "
            f"{whole[0]:6.2f} {whole[1]:6.2f} {query[0]:6.2f} {query[1]:6.2f} "
            f"{base[0]:5.2f} {base[1]:5.2f} "
            f"{whole[0] / base[0]:7.0f}x {query[0] / base[0]:6.1f}x"
        )


def main() -> None:
    if os.environ.get("BENCH_CHILD_DATABASE_URL"):
        setup_django(os.environ["BENCH_CHILD_DATABASE_URL"])
        print(json.dumps(run_sizes()))
        return
    databases = {"SQLite": sqlite_url()}
    pg_url = postgres_database("kb_dupbench")
    if pg_url:
        databases["PostgreSQL"] = pg_url
    print("Near-duplicate check vs a sha256 lookup (ms: p50 p95; ratios at p50)")
    print(
        "  database  stored  insert  flagged  whole p50/p95  query p50/p95  "
        "sha256 p50/p95  whole/sha  query/sha"
    )
    try:
        for name, url in databases.items():
            report(name, run_in_child(url))
    finally:
        if pg_url:
            drop_postgres_database("kb_dupbench")


if __name__ == "__main__":
    main()
