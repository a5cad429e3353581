"""PostgreSQL: a generated tsvector ('simple') with a GIN index (migration 0003).

Title tokens carry weight A and body tokens B, so ts_rank prefers a title hit.
"""

from essays.search.backends.database import DatabaseBackend
from essays.search.plan import Plan


def quoted(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


class PostgresBackend(DatabaseBackend):
    name = "postgresql"
    source = "search_entry e"
    match = "e.vector @@ to_tsquery('simple', %s)"

    def engine_query(self, plan: Plan) -> str:
        return " & ".join(
            "(" + " | ".join(quoted(token) for token in clause) + ")"
            for clause in plan.clauses
        )

    def engine_score(self) -> tuple[str, int]:
        rank = "ts_rank(e.vector, to_tsquery('simple', %s))"
        return f"({rank} / (1.0 + {rank}))", 2
