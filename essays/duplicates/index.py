"""The stored index: remember essays' fingerprints, find stored near-duplicates.

Checking an essay costs one indexed query whatever the number stored: its LSH
band hashes select the candidate essays (and their signatures) that share a
band, and only those are compared. See docs/duplicates.md.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from essays.duplicates.minhash import (
    NUM_PERM,
    SCHEME,
    SIGNATURE_DTYPE,
    Fingerprint,
    fingerprint,
)
from essays.duplicates.models import EssayFingerprint, FingerprintBand
from essays.duplicates.text import essay_text, tree_text
from essays.importer.nodes import ParsedEssay
from essays.models import Collection, Essay, Point, Section, paragraphs

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000  # rows per INSERT: well under SQLite's variable limit
# Similarities are multiples of 1/NUM_PERM; this keeps 96/120 >= 0.8 true
# whatever the float rounding of either side.
TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Match:
    """A stored essay that a new essay nearly duplicates."""

    essay_id: int
    title: str
    slug: str
    collection_id: int
    site: str  # the stored essay's source site, "" when none was read
    similarity: float  # estimated Jaccard similarity, 0..1
    admin_url: str
    public_url: str


def threshold() -> float:
    """The similarity from which an essay counts as a duplicate (a setting)."""
    return float(getattr(settings, "DUPLICATE_THRESHOLD", 0.8))


def find_duplicates(
    parsed_essays: Iterable[ParsedEssay],
    *,
    exclude_collection: Collection | int | None = None,
    min_similarity: float | None = None,
) -> list[list[Match]]:
    """For each parsed essay, the stored essays it nearly duplicates, best first.

    `exclude_collection` leaves out a collection's own essays (a replace);
    `min_similarity` defaults to DUPLICATE_THRESHOLD.
    """
    prints = [fingerprint(essay_text(parsed)) for parsed in parsed_essays]
    candidates = candidate_fingerprints(
        [found for found in prints if found], exclude_collection
    )
    cutoff = threshold() if min_similarity is None else min_similarity
    return [best_matches(found, candidates, cutoff) for found in prints]


def candidate_fingerprints(
    prints: Sequence[Fingerprint], exclude_collection: Collection | int | None
) -> list[EssayFingerprint]:
    """Stored fingerprints sharing an LSH band with any of `prints`: one query."""
    by_band: dict[int, set[int]] = defaultdict(set)
    for found in prints:
        for band, value in enumerate(found.bands()):
            by_band[band].add(value)
    if not by_band:
        return []
    # One disjunct per band, not per (band, hash): SQLite refuses an expression
    # deeper than 1,000, which 50 essays' 20 bands each would reach.
    shares_band = Q()
    for band, values in sorted(by_band.items()):
        shares_band |= Q(band=band, hash__in=sorted(values))
    rows = EssayFingerprint.objects.filter(
        scheme=SCHEME,
        essay_id__in=FingerprintBand.objects.filter(shares_band).values("essay_id"),
    )
    if exclude_collection is not None:
        collection_id = getattr(exclude_collection, "pk", exclude_collection)
        rows = rows.exclude(essay__collection_id=collection_id)
    return list(
        rows.select_related("essay__collection").only(
            "signature",
            "essay__title",
            "essay__slug",
            "essay__collection_id",
            "essay__collection__site",
        )
    )


def best_matches(
    found: Fingerprint | None, candidates: list[EssayFingerprint], cutoff: float
) -> list[Match]:
    """The candidates at least `cutoff` similar to `found`, best first."""
    if found is None or not candidates:
        return []
    stored = np.vstack(
        [
            np.frombuffer(bytes(row.signature), dtype=SIGNATURE_DTYPE)
            for row in candidates
        ]
    )
    similarities = np.count_nonzero(stored == found.values(), axis=1) / NUM_PERM
    matches = [
        as_match(row, float(similarity))
        for row, similarity in zip(candidates, similarities, strict=True)
        if similarity >= cutoff - TOLERANCE
    ]
    return sorted(matches, key=lambda match: (-match.similarity, match.essay_id))


def as_match(row: EssayFingerprint, similarity: float) -> Match:
    essay = row.essay
    return Match(
        essay_id=essay.pk,
        title=essay.title,
        slug=essay.slug,
        collection_id=essay.collection_id,
        site=essay.collection.site,
        similarity=similarity,
        admin_url=reverse("admin:essays_essay_change", args=[essay.pk]),
        public_url=essay.get_absolute_url(),
    )


@transaction.atomic
def remember(essays: Iterable[Essay]) -> int:
    """Store (or replace) the fingerprints of stored essays; returns how many.

    An essay with no text left after clean-up gets none and matches nothing.
    """
    essays = list(essays)
    texts = stored_texts(essays)
    prints = {pk: fingerprint(text) for pk, text in texts.items()}
    forget([essay.pk for essay in essays])
    return store_fingerprints({pk: found for pk, found in prints.items() if found})


def remember_collection(collection: Collection) -> int:
    """Fingerprint every essay of a stored collection (after an import)."""
    return remember(collection.essays.all())


def forget(essay_ids: Sequence[int]) -> None:
    """Drop essays' fingerprints (deleting an essay does it by CASCADE)."""
    EssayFingerprint.objects.filter(essay_id__in=essay_ids).delete()
    FingerprintBand.objects.filter(essay_id__in=essay_ids).delete()


def store_fingerprints(prints: Mapping[int, Fingerprint]) -> int:
    """Insert fingerprints for essays that have none: two bulk inserts."""
    EssayFingerprint.objects.bulk_create(
        (
            EssayFingerprint(
                essay_id=pk,
                scheme=SCHEME,
                signature=found.signature,
                shingle_count=found.shingle_count,
            )
            for pk, found in prints.items()
        ),
        batch_size=BATCH_SIZE,
    )
    FingerprintBand.objects.bulk_create(
        (
            FingerprintBand(essay_id=pk, band=band, hash=value)
            for pk, found in prints.items()
            for band, value in enumerate(found.bands())
        ),
        batch_size=BATCH_SIZE,
    )
    return len(prints)


def stored_essay_text(essay: Essay) -> str:
    """The compared text of a stored essay, as `essay_text` gives for a parse."""
    return stored_texts([essay])[essay.pk]


def stored_texts(essays: Sequence[Essay]) -> dict[int, str]:
    """Compared texts of stored essays by id, in two queries for the batch."""
    ids = [essay.pk for essay in essays]
    sections: dict[int, list[Section]] = defaultdict(list)
    for section in ordered(Section.objects.filter(essay_id__in=ids), "essay_id"):
        sections[section.essay_id].append(section)
    children: dict[tuple[str, int], list[Point]] = defaultdict(list)
    for point in ordered(
        Point.objects.filter(essay_id__in=ids), "section_id", "parent_id"
    ):
        parent = ("point", point.parent_id) if point.parent_id else None
        children[parent or ("section", point.section_id)].append(point)
    return {
        essay.pk: tree_text(
            paragraphs(essay.lead),
            stored_parts(sections[essay.pk], children),
            paragraphs(essay.closing),
        )
        for essay in essays
    }


def ordered(rows: QuerySet, *fields: str) -> QuerySet:
    return rows.order_by("position").only("label", "title", "body", *fields)


def stored_parts(
    sections: list[Section], children: Mapping[tuple[str, int], list[Point]]
) -> Iterator[str]:
    """Label, title and body of every section and point, in reading order."""
    for section in sections:
        yield from (section.label, section.title, section.body)
        yield from point_parts(children.get(("section", section.pk), []), children)


def point_parts(
    points: list[Point], children: Mapping[tuple[str, int], list[Point]]
) -> Iterator[str]:
    for point in points:
        yield from (point.label, point.title, point.body)
        yield from point_parts(children.get(("point", point.pk), []), children)
