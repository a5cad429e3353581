"""PostgreSQL: a generated tsvector ('simple') with a GIN index (migration 0003).

Title tokens carry weight A and body tokens B, so ts_rank prefers a title hit.
"""

from essays.search.backends.database import DatabaseBackend
from essays.search.plan import Plan


def quoted(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresBackend(DatabaseBackend):
    name = "postgresql"
    # The query is parsed once, not once per row and use (EXPLAIN ANALYZE,
    # issue 11: ts_rank twice per candidate was half of a 500-row window).
    source = "search_entry e, to_tsquery('simple', %s) q"
    match = "e.vector @@ q"
    source_takes_query = True

    def engine_query(self, plan: Plan) -> str:
        return " & ".join(
            "(" + " | ".join(quoted(token) for token in clause) + ")"
            for clause in plan.clauses
        )

    def engine_score(self) -> tuple[str, int]:
        rank = "ts_rank(e.vector, q)"
        return f"({rank} / (1.0 + {rank}))", 0
