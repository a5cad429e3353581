"""From a parsed query to what every engine runs: token clauses and checks.

Each positive part becomes clauses over index tokens (all required; within a
clause any token will do). A part the index holds as a token is that token.
A part it does not hold (one character, a name the segmenter split another
way, 好10 across two words) becomes its jieba pieces, each expanded to the
vocabulary's tokens that contain it, and the part itself must then occur in
the entry's normalized text: a substring check bounded by the candidates the
tokens found, never a scan of every row.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from essays.search.models import Term
from essays.search.segment import query_terms
from essays.search.syntax import ParsedQuery

MAX_EXPANSION = 100  # vocabulary tokens that stand for one unknown piece


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    essay_id: int | None = None
    collection_id: int | None = None
    category: str | None = None
    topic_id: int | None = None


@dataclass
class Plan:
    clauses: list[tuple[str, ...]] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)  # substrings required
    excluded: list[str] = field(default_factory=list)  # substrings refused
    boosts: list[str] = field(default_factory=list)  # title hit / phrase bonus
    phrases: list[str] = field(default_factory=list)  # boosts of several words
    filters: Filters = field(default_factory=Filters)
    visible_essays: QuerySet | None = None  # None: no restriction (drafts too)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for, or a clause nothing can satisfy."""
        return not self.clauses or any(not clause for clause in self.clauses)


class Vocabulary:
    """The index's tokens, asked about in as few queries as possible."""

    def __init__(self, candidates: set[str]) -> None:
        self.known = set(
            Term.objects.filter(token__in=list(candidates)).values_list(
                "token", flat=True
            )
        )

    def __contains__(self, token: str) -> bool:
        return token in self.known

    def containing(self, piece: str) -> tuple[str, ...]:
        rows = (
            Term.objects.filter(token__contains=piece)
            .order_by("length", "token")
            .values_list("token", flat=True)[:MAX_EXPANSION]
        )
        return tuple(rows)


def is_whole(token: str, vocabulary: Vocabulary) -> bool:
    return len(token) > 1 and token in vocabulary


def fits(token: str, piece: str, start: int, part: str) -> bool:
    """Whether `token` can cover `piece` where it stands in `part` (at `start`).

    An entry holding `part` has a token covering each of its pieces, and that
    token agrees with `part` wherever the two overlap: 事件 cannot cover the
    件 of 10件事 (事 ≠ 0 before it), 事业 can cover its 事 (the part ends
    there). Tokens that cannot are dropped from the clause: they only widen
    the engine's match (issue 11: 十件事 went from 38 alternatives to 16).
    """
    at = token.find(piece)
    while at != -1:
        offset = start - at  # where the token would begin in the part
        if all(
            part[offset + i] == char
            for i, char in enumerate(token)
            if 0 <= offset + i < len(part)
        ):
            return True
        at = token.find(piece, at + 1)
    return False


def part_clauses(part: str, vocabulary: Vocabulary) -> tuple[list[tuple], bool]:
    """Clauses for one part, and whether its text must be checked as a substring."""
    if is_whole(part, vocabulary):
        return [(part,)], False
    pieces = query_terms(part)
    if len(pieces) == 1:
        return [vocabulary.containing(part)], False  # each contains the part
    clauses, expanded, start = [], False, 0
    for piece in pieces:
        found = part.find(piece, start)
        if is_whole(piece, vocabulary):
            clauses.append((piece,))
        else:
            tokens = vocabulary.containing(piece)
            if found != -1:
                tokens = tuple(t for t in tokens if fits(t, piece, found, part))
            clauses.append(tokens)
            expanded = True
        if found != -1:
            start = found + len(piece)
    return clauses, expanded


def build_plan(parsed: ParsedQuery, filters: Filters, visible_essays) -> Plan:
    plan = Plan(
        excluded=list(parsed.excluded), filters=filters, visible_essays=visible_essays
    )
    candidates = {
        token for part in parsed.positive for token in [part, *query_terms(part)]
    }
    vocabulary = Vocabulary(candidates)
    for part in parsed.positive:
        clauses, check = part_clauses(part, vocabulary)
        plan.clauses += clauses
        is_phrase = part in parsed.phrases
        if check or is_phrase:
            plan.contains.append(part)
        plan.boosts.append(part)
        if len(clauses) > 1:
            plan.phrases.append(part)
    if len(parsed.words) > 1:  # 群众 工作 typed apart: 群众工作 as written ranks first
        plan.phrases.append("".join(parsed.words))
    return plan
