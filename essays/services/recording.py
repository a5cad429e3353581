"""Who changed what, through which channel: history revisions and audit entries.

Every service that writes takes `actor` (a user, or None for the machine's
own operator running a command without --user) and a `Channel`, and records
its change in the same transaction: content (essays, sections, points,
topics) as a django-reversion revision carrying a `RevisionSource`, other
acts (publishing, tokens) as an `AuditEntry`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import reversion

from essays.models import ApiToken, AuditEntry, ChannelKind, RevisionSource


@dataclass(frozen=True)
class Channel:
    """The way a change came in: the admin, an API token (by name), a command."""

    kind: str
    token_name: str = ""

    @classmethod
    def api(cls, token: ApiToken | None) -> Channel:
        return cls(ChannelKind.API, token.name if token is not None else "")

    def __str__(self) -> str:
        label = ChannelKind(self.kind).label
        return f"{label}“{self.token_name}”" if self.token_name else str(label)


ADMIN = Channel(ChannelKind.ADMIN)
COMMAND = Channel(ChannelKind.COMMAND)

# Whether the open revision already names its channel: services nest (an
# import takes a snapshot, the admin's change view wraps its own revision),
# and a revision has one source.
_sourced: ContextVar[bool] = ContextVar("revision_sourced", default=False)


def acting_user(actor):
    """The user to record, or None (anonymous or the command's operator)."""
    return actor if actor is not None and actor.is_authenticated else None


@contextmanager
def revision(*, actor, channel: Channel, comment: str = "") -> Iterator[None]:
    """A revision (or the open one) naming `actor`, `channel` and `comment`.

    Does not open a transaction of its own: services are atomic already.
    """
    with reversion.create_revision(atomic=False):
        user = acting_user(actor)
        if user is not None:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        token = None
        if not _sourced.get():
            reversion.add_meta(
                RevisionSource, channel=channel.kind, token_name=channel.token_name
            )
            token = _sourced.set(True)
        try:
            yield
        finally:
            if token is not None:
                _sourced.reset(token)


def audit(
    action: str, *, actor, channel: Channel, target: str, detail: str = ""
) -> AuditEntry:
    """Record an act that is not a content change (publishing, tokens)."""
    return AuditEntry.objects.create(
        action=action,
        actor=acting_user(actor),
        channel=channel.kind,
        token_name=channel.token_name,
        target=target[:500],
        detail=detail,
    )


def channel_of(revision_row) -> str:
    """“API 令牌“同步”” for a history page: the channel a revision came through."""
    source = RevisionSource.objects.filter(revision=revision_row).first()
    return str(source) if source is not None else "—"
