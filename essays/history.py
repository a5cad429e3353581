"""History with django-reversion: what a revision holds of a tree.

Reversion serialises an object when it is added to a revision and does not see
`bulk_create`/`bulk_update`, which the writer and the ordering service use, so
`add_tree()` adds an object and everything it follows (essays.models.VERSIONED)
explicitly, after the writes. Reverting is a service
(essays/services/reverting.py); showing a version beside today's rows is the
admin's (essays/admin/diffs.py); who and which channel, services/recording.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import reversion
from django.db import models
from django.db.models import Prefetch
from reversion.models import Revision, Version

from essays.models import (
    VERSIONED,
    Collection,
    Essay,
    Point,
    Section,
)

TREE = (Collection, Essay, Section, Point)


def followed(obj: models.Model) -> Iterator[models.Model]:
    """`obj` and everything it follows, children before their parents."""
    for name in VERSIONED.get(type(obj), ()):
        related = getattr(obj, name)
        if isinstance(related, models.Model):
            yield related  # a tag: followed, never walked further
            continue
        for child in related.all():
            yield from followed(child)
    yield obj


def with_tree(obj: models.Model) -> models.Model:
    """`obj` loaded again with its followed relations prefetched (fixed queries)."""
    tags = "taggedpoint_set__tag"
    points = Prefetch("points", Point.objects.prefetch_related(tags))
    if isinstance(obj, Collection):
        lookups = [
            "essays__taggedessay_set__tag",
            Prefetch("essays__sections", Section.objects.prefetch_related(points)),
            Prefetch("essays__points", Point.objects.prefetch_related(tags)),
        ]
    elif isinstance(obj, Essay):
        lookups = ["taggedessay_set__tag", points, "sections__points__" + tags]
    elif isinstance(obj, Section):
        lookups = [points]
    elif isinstance(obj, Point):
        lookups = [tags]
    else:
        return obj
    return type(obj).objects.prefetch_related(*lookups).get(pk=obj.pk)


def add_tree(obj: models.Model) -> None:
    """Add `obj` and its whole followed tree, as it is now, to the open revision."""
    seen = set()
    for item in followed(with_tree(obj)):
        key = (type(item), item.pk)
        if key not in seen:  # points are reached twice: by essay and by section
            seen.add(key)
            reversion.add_to_revision(item)


def latest_revision(obj: models.Model) -> Revision | None:
    version = Version.objects.get_for_object(obj).select_related("revision").first()
    return version.revision if version else None
