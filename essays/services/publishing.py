"""Publish and unpublish essays."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from essays.models import Essay


@transaction.atomic
def publish_essays(essays: Iterable[Essay]) -> list[Essay]:
    """Publish the given essays; returns those that were drafts."""
    changed = [essay for essay in essays if essay.status != Essay.Status.PUBLISHED]
    now = timezone.now()
    for essay in changed:
        essay.status = Essay.Status.PUBLISHED
        essay.published_at = essay.published_at or now
        essay.save(update_fields=["status", "published_at", "updated_at"])
    return changed


@transaction.atomic
def unpublish_essays(essays: Iterable[Essay]) -> list[Essay]:
    """Return the given essays to draft; returns those that were published."""
    changed = [essay for essay in essays if essay.status == Essay.Status.PUBLISHED]
    for essay in changed:
        essay.status = Essay.Status.DRAFT
        essay.save(update_fields=["status", "updated_at"])
    return changed
