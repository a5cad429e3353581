"""Tokens for API tests: users with exactly the permissions a role has."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from essays.models import ApiToken
from essays.tokens import create_token

CONTENT = [
    f"{action}_{model}"
    for action in ("add", "change", "delete")
    for model in ("collection", "essay", "section", "point")
]


def make_token(
    username: str, codenames: list[str], *, scope="read-write", staff=False
) -> str:
    user = get_user_model().objects.create_user(username, is_staff=staff)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return create_token(user, name=f"{username}'s token", scope=scope)[1]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def editor(db) -> dict:
    """A read-write token whose user edits content but cannot publish."""
    return bearer(make_token("editor", CONTENT))


@pytest.fixture
def publisher(db) -> dict:
    return bearer(make_token("publisher", [*CONTENT, "publish_essay"], staff=True))


@pytest.fixture
def reader(db) -> dict:
    """A read-only token of a user who could otherwise edit."""
    return bearer(make_token("reader", CONTENT, scope=ApiToken.Scope.READ))


@pytest.fixture
def nobody(db) -> dict:
    """A read-write token of a user without any permission."""
    return bearer(make_token("nobody", []))
