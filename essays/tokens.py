"""API tokens: made, hashed, looked up. The token itself is never stored."""

import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from essays.models import ApiToken

PREFIX = "kb_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    user: AbstractBaseUser, *, name: str, scope: str = ApiToken.Scope.READ
) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token to show once."""
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name, scope=scope, key_hash=digest(token), prefix=token[:10]
    )
    return row, token


def find_token(token: str) -> ApiToken | None:
    """The active token row for `token` (its user loaded), or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest(token), revoked_at=None, user__is_active=True)
        .first()
    )
    if row is not None:
        now = timezone.now()
        # One write a minute at most: last-used is for people, not an audit log.
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
            row.last_used_at = now
    return row
