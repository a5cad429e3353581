"""SQLite: an FTS5 table over the entries' tokens (migration 0003), bm25 rank."""

from essays.search.backends.database import DatabaseBackend
from essays.search.plan import Plan

TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


def quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class SqliteBackend(DatabaseBackend):
    name = "sqlite"
    source = "search_fts JOIN search_entry e ON e.id = search_fts.rowid"
    match = "search_fts MATCH %s"

    def engine_query(self, plan: Plan) -> str:
        return " AND ".join(
            "(" + " OR ".join(quoted(token) for token in clause) + ")"
            for clause in plan.clauses
        )

    def engine_score(self) -> tuple[str, int]:
        # bm25() is negative, better when lower; squashed into [0, 1).
        bm25 = f"(-bm25(search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}))"
        return f"({bm25} / (1.0 + {bm25}))", 0
