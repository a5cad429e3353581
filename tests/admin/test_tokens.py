"""API tokens in the admin: shown once, stored hashed, revoked."""

import pytest
from django.urls import reverse

from essays.models import ApiToken
from essays.tokens import digest, find_token

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_stored_hashed(admin_client, superuser):
    response = admin_client.post(
        reverse("admin:essays_apitoken_add"),
        {"user": superuser.pk, "name": "学习平台同步", "scope": "read-write"},
        follow=True,
    )
    html = response.content.decode()
    token = html.split('<code class="kb-token">')[1].split("</code>")[0]
    row = ApiToken.objects.get()
    assert row.key_hash == digest(token) and token.startswith(row.prefix)
    assert find_token(token) == row and row.can_write
    again = admin_client.get(
        reverse("admin:essays_apitoken_changelist")
    ).content.decode()
    assert token not in again and row.key_hash not in again
    assert row.prefix in again


def test_revoking_a_token_stops_it(admin_client, superuser):
    from essays.tokens import create_token

    row, token = create_token(superuser, name="旧系统")
    admin_client.post(
        reverse("admin:essays_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.revoked_at is not None and find_token(token) is None


def test_editors_cannot_manage_tokens(editor_client):
    assert (
        editor_client.get(reverse("admin:essays_apitoken_changelist")).status_code
        == 403
    )
