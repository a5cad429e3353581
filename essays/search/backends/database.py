"""SQL shared by the database engines; each supplies its match and its score."""

from django.db import connections, router

from essays.search.backends.base import (
    KIND_BONUS,
    MATCH_WINDOW,
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
    match = ""  # the engine's condition, one %s for its query (none: in source)
    source_takes_query = False  # the engine's query is a %s in `source`

    def engine_query(self, plan: Plan) -> str:
        raise NotImplementedError

    def engine_score(self) -> tuple[str, int]:
        """A score in [0, 1) from the engine, and how many %s it takes."""
        raise NotImplementedError

    def source_params(self, plan: Plan) -> list:
        return [self.engine_query(plan)] if self.source_takes_query else []

    def conditions(self, plan: Plan, *, with_kind: bool) -> tuple[list[str], list]:
        where, params = [self.match], []
        if not self.source_takes_query:
            params.append(self.engine_query(plan))
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
            visible_pks = plan.visible_essays.order_by().values("pk")
            sql, visible = visible_pks.query.sql_with_params()
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
        """One statement: the candidates, their counts, the page's hits.

        The candidates are the first MATCH_WINDOW matches in the engine's
        index order (no ORDER BY: an order would make the engine read every
        match before the first row comes out), ranked in SQL, a page returned.
        """
        if plan.is_empty:
            return Matches()
        score, score_params = self.rank(plan)
        where, params = self.conditions(plan, with_kind=False)
        page_where, page_params = "", []
        if plan.filters.kind is not None:
            page_where, page_params = "WHERE kind = %s", [plan.filters.kind]
        sql = (
            f"WITH candidates AS (SELECT e.id, e.kind, {score} AS score "
            f"FROM {self.source} WHERE {' AND '.join(where)} "
            f"LIMIT {MATCH_WINDOW}) "
            "SELECT kind, COUNT(*), CAST(NULL AS BIGINT), "
            "CAST(NULL AS DOUBLE PRECISION) FROM candidates GROUP BY kind "
            "UNION ALL SELECT * FROM (SELECT kind, CAST(NULL AS BIGINT), id, score "
            "FROM candidates "
            f"{page_where} ORDER BY score DESC, id LIMIT %s OFFSET %s) page"
        )
        with reading().cursor() as cursor:
            cursor.execute(
                sql,
                [
                    *score_params,
                    *self.source_params(plan),
                    *params,
                    *page_params,
                    limit,
                    offset,
                ],
            )
            rows = cursor.fetchall()
        matches = Matches()
        for kind, count, entry_id, entry_score in rows:
            if entry_id is None:
                matches.counts[kind] = count
            else:
                matches.ranked.append((entry_id, float(entry_score)))
        matches.is_capped = sum(matches.counts.values()) >= MATCH_WINDOW
        return matches

    def count(self, plan: Plan) -> int:
        """Whether anything matches (1 or 0): all "did you mean" needs."""
        if plan.is_empty:
            return 0
        where, params = self.conditions(plan, with_kind=True)
        with reading().cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {self.source} WHERE {' AND '.join(where)} LIMIT 1",
                [*self.source_params(plan), *params],
            )
            return len(cursor.fetchall())


def reading():
    """Where a read goes: the replica for anonymous readers (kb/routers.py)."""
    from essays.search.models import Entry

    return connections[router.db_for_read(Entry)]
