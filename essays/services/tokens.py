"""API tokens issued and revoked, each an audit entry naming who and how."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from essays.models import ApiToken, AuditEntry
from essays.services import recording
from essays.services.recording import Channel
from essays.tokens import create_token


@transaction.atomic
def issue_token(
    user, *, name: str, scope: str, actor, channel: Channel
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token to show once."""
    row, token = create_token(user, name=name, scope=scope)
    recording.audit(
        AuditEntry.Action.TOKEN_CREATED,
        actor=actor,
        channel=channel,
        target=f"{row.name}({row.prefix}…)",
        detail=f"用户 {user.get_username()},{row.get_scope_display()}",
    )
    return row, token


@transaction.atomic
def revoke_tokens(tokens: Iterable[ApiToken], *, actor, channel: Channel) -> int:
    """Revoke the active ones of `tokens`; returns how many were active."""
    active = [token for token in tokens if token.revoked_at is None]
    now = timezone.now()
    ApiToken.objects.filter(pk__in=[token.pk for token in active]).update(
        revoked_at=now
    )
    for token in active:
        recording.audit(
            AuditEntry.Action.TOKEN_REVOKED,
            actor=actor,
            channel=channel,
            target=f"{token.name}({token.prefix}…)",
            detail=f"用户 {token.user.get_username()}",
        )
    return len(active)
