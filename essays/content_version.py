"""A counter of content changes, for caches that must never serve stale reads.

Every write to essays, sections, points, collections or topics bumps the
counter inside the writing transaction: saves through model signals (the admin,
services), bulk writes explicitly (writer, ordering). A cached read is keyed by
the counter, so once a write commits no process serves the old answer.
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from essays.models import (
    Collection,
    ContentVersion,
    Essay,
    Point,
    Section,
    TaggedEssay,
    TaggedPoint,
    Topic,
)

SINGLETON = 1
WATCHED = (Collection, Essay, Section, Point, Topic, TaggedEssay, TaggedPoint)


def current() -> int:
    """The counter's value (one primary-key query)."""
    value = ContentVersion.objects.filter(pk=SINGLETON).values_list("value", flat=True)
    return value.first() or 0


def bump() -> None:
    """Count one change (in the caller's transaction)."""
    if not ContentVersion.objects.filter(pk=SINGLETON).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=SINGLETON, defaults={"value": 2})


def on_change(sender, **kwargs) -> None:
    bump()


def connect_signals() -> None:
    """Saves and deletes of content bump the counter (called from AppConfig)."""
    for model in WATCHED:
        post_save.connect(on_change, sender=model, dispatch_uid=f"version-save-{model}")
        post_delete.connect(
            on_change, sender=model, dispatch_uid=f"version-del-{model}"
        )
    for through in (TaggedEssay, TaggedPoint):
        m2m_changed.connect(
            on_change, sender=through, dispatch_uid=f"version-m2m-{through}"
        )
