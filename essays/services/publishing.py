"""Publish and unpublish essays: a publisher's act, audited and in history."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from essays import history
from essays.models import AuditEntry, Essay
from essays.services import recording
from essays.services.permissions import require_publisher
from essays.services.recording import Channel


def record(changed: list[Essay], action: str, *, actor, channel: Channel) -> None:
    """An audit entry per essay, and one revision of the essays as they are now."""
    if not changed:
        return
    verb = AuditEntry.Action(action).label
    comment = f"{verb} {len(changed)} 篇文章"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        for essay in changed:
            history.add_tree(essay)
    for essay in changed:
        recording.audit(
            action, actor=actor, channel=channel, target=f"《{essay.title}》"
        )


@transaction.atomic
def publish_essays(essays: Iterable[Essay], *, actor, channel: Channel) -> list[Essay]:
    """Publish the given essays; returns those that were drafts."""
    require_publisher(actor, act="发布文章")
    changed = [essay for essay in essays if essay.status != Essay.Status.PUBLISHED]
    now = timezone.now()
    for essay in changed:
        essay.status = Essay.Status.PUBLISHED
        essay.published_at = essay.published_at or now
        essay.save(update_fields=["status", "published_at", "updated_at"])
    record(changed, AuditEntry.Action.PUBLISH, actor=actor, channel=channel)
    return changed


@transaction.atomic
def unpublish_essays(
    essays: Iterable[Essay], *, actor, channel: Channel
) -> list[Essay]:
    """Return the given essays to draft; returns those that were published."""
    require_publisher(actor, act="撤回已发布的文章")
    changed = [essay for essay in essays if essay.status == Essay.Status.PUBLISHED]
    for essay in changed:
        essay.status = Essay.Status.DRAFT
        essay.save(update_fields=["status", "updated_at"])
    record(changed, AuditEntry.Action.UNPUBLISH, actor=actor, channel=channel)
    return changed
