"""SQL shared by the database engines; each supplies its match and its score."""

from django.db import connection

from essays.search.backends.base import (
    KIND_BONUS,
    PHRASE_BONUS,
    TITLE_BONUS,
    Matches,
    SearchBackend,
)
from essays.search.plan import Plan


def like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class DatabaseBackend(SearchBackend):
    source = ""  # FROM … (the entries as `e`, joined to the engine's table)
    match = ""  # the engine's condition, one %s for its query

    def engine_query(self, plan: Plan) -> str:
        raise NotImplementedError

    def engine_score(self) -> tuple[str, int]:
        """A score in [0, 1) from the engine, and how many %s it takes."""
        raise NotImplementedError

    def conditions(self, plan: Plan, *, with_kind: bool) -> tuple[list[str], list]:
        where, params = [self.match], [self.engine_query(plan)]
        for text in plan.contains:
            where.append("(e.title LIKE %s ESCAPE '\\' OR e.body LIKE %s ESCAPE '\\')")
            params += [like(text), like(text)]
        for text in plan.excluded:
            where.append(
                "NOT (e.title LIKE %s ESCAPE '\\' OR e.body LIKE %s ESCAPE '\\')"
            )
            params += [like(text), like(text)]
        filters = plan.filters
        for column, value in (
            ("e.kind", filters.kind if with_kind else None),
            ("e.essay_id", filters.essay_id),
            ("e.collection_id", filters.collection_id),
            ("e.category", filters.category),
        ):
            if value is not None:
                where.append(f"{column} = %s")
                params.append(value)
        if filters.topic_id is not None:
            where.append("e.topic_ids LIKE %s")
            params.append(f"% {filters.topic_id} %")
        if plan.visible_essays is not None:
            # What readers may see is decided by the model (published()).
            sql, visible = plan.visible_essays.values("pk").query.sql_with_params()
            where.append(f"e.essay_id IN ({sql})")
            params += list(visible)
        return where, params

    def rank(self, plan: Plan) -> tuple[str, list]:
        engine, placeholders = self.engine_score()
        parts, params = [engine], [self.engine_query(plan)] * placeholders
        for text in plan.boosts:
            parts.append(
                f"CASE WHEN e.title LIKE %s ESCAPE '\\' THEN {TITLE_BONUS} ELSE 0 END"
            )
            params.append(like(text))
        for text in plan.phrases:
            parts.append(
                "CASE WHEN e.title LIKE %s ESCAPE '\\' OR e.body LIKE %s ESCAPE '\\' "
                f"THEN {PHRASE_BONUS} ELSE 0 END"
            )
            params += [like(text), like(text)]
        kinds = " ".join(
            f"WHEN '{kind}' THEN {bonus}" for kind, bonus in KIND_BONUS.items()
        )
        parts.append(f"CASE e.kind {kinds} ELSE 0 END")
        return " + ".join(parts), params

    def search(self, plan: Plan, *, offset: int, limit: int) -> Matches:
        if plan.is_empty:
            return Matches()
        matches = Matches()
        where, params = self.conditions(plan, with_kind=False)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.kind, COUNT(*) FROM {self.source} "
                f"WHERE {' AND '.join(where)} GROUP BY e.kind",
                params,
            )
            matches.counts = dict(cursor.fetchall())
            if not limit or not matches.counts:
                return matches
            score, score_params = self.rank(plan)
            where, params = self.conditions(plan, with_kind=True)
            cursor.execute(
                f"SELECT e.id, {score} AS score FROM {self.source} "
                f"WHERE {' AND '.join(where)} "
                "ORDER BY score DESC, e.id LIMIT %s OFFSET %s",
                [*score_params, *params, limit, offset],
            )
            matches.ranked = [(row[0], float(row[1])) for row in cursor.fetchall()]
        return matches
