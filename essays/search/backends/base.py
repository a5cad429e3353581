"""What every engine answers: entry ids in rank order, and counts per kind."""

from dataclasses import dataclass, field

from essays.search.plan import Plan

# Rank = tiers, then the engine's own score squashed into [0, 1):
TITLE_BONUS = 100  # per part found in the entry's title
PHRASE_BONUS = 10  # per part of several words found as written
KIND_BONUS = {"point": 2, "section": 1, "essay": 0}  # the most specific first
# Matches ranked and counted per query (issue 11: p95 ≤ 30 ms at 100,000
# points). Ranking touches every row it ranks, so a word found in most entries
# (工作) would cost time in proportion to the corpus; past this many matches,
# the first ones the index yields are ranked, counts are lower bounds
# (`is_capped`) and the pages end.
MATCH_WINDOW = 500


@dataclass
class Matches:
    ranked: list[tuple[int, float]] = field(default_factory=list)  # (entry id, score)
    counts: dict[str, int] = field(default_factory=dict)  # per kind, kind filter aside
    is_capped: bool = False  # more matched than MATCH_WINDOW: counts are "at least"


class SearchBackend:
    name = "base"
    keeps_own_index = False  # True: update() gets changed entries after commit

    def search(self, plan: Plan, *, offset: int, limit: int) -> Matches:
        raise NotImplementedError

    def count(self, plan: Plan) -> int:
        return sum(self.search(plan, offset=0, limit=0).counts.values())

    def update(self, entry_ids: list[int]) -> None:
        """Entries changed (a cluster copies them; the database needs nothing)."""

    def rebuild(self) -> None:
        """The engine's own index from the entries (a cluster copies them all)."""
