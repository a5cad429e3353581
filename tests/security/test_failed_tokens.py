"""Bad API tokens are throttled per client address (issue 14, 9).

Before: 400 bad tokens in 2.5 s all got 401. Now the 21st bad token in a
minute from one address is a 429, and so is every token from there (a
valid one too) until the oldest failure is a minute old.
"""

import pytest

from essays.api.auth import FailedTokenThrottle
from tests.api.conftest import bearer, make_token

API = "/api/v1"
BAD = bearer("kb_not-a-real-token")


@pytest.fixture
def valid(db) -> dict:
    return bearer(make_token("reader", [], scope="read"))


def use_up_failures(client, count: int = 20) -> None:
    for _ in range(count):
        assert client.get(f"{API}/topics", **BAD).status_code == 401


def test_twenty_bad_tokens_then_429_in_chinese(client, db):
    use_up_failures(client)
    response = client.get(f"{API}/topics", **BAD)
    assert response.status_code == 429
    assert response.json() == {
        "detail": "来自这个地址的无效令牌过多，请稍后再试。",
        "code": "too_many_failed_tokens",
    }
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_valid_token_from_that_address_waits_too(client, valid):
    use_up_failures(client)
    assert client.get(f"{API}/topics", **valid).status_code == 429
    elsewhere = client.get(f"{API}/topics", REMOTE_ADDR="10.0.0.9", **valid)
    assert elsewhere.status_code == 200
    assert client.get(f"{API}/topics").status_code == 200  # no token: a reader


def test_valid_tokens_are_not_counted(client, valid):
    for _ in range(30):
        assert client.get(f"{API}/topics", **valid).status_code == 200
    assert client.get(f"{API}/topics", **BAD).status_code == 401


def test_tokens_work_again_when_the_window_passes(client, valid, monkeypatch):
    use_up_failures(client)
    assert client.get(f"{API}/topics", **valid).status_code == 429
    later = FailedTokenThrottle.timer() + 61
    monkeypatch.setattr(FailedTokenThrottle, "timer", lambda self: later)
    assert client.get(f"{API}/topics", **valid).status_code == 200


def test_malformed_authorization_headers_count_as_failures(client, db, settings):
    settings.API_FAILED_TOKEN_RATE = "3/min"
    for _ in range(3):
        response = client.get(f"{API}/topics", HTTP_AUTHORIZATION="Basic eA==")
        assert response.status_code == 401
    response = client.get(f"{API}/topics", HTTP_AUTHORIZATION="Basic eA==")
    assert response.status_code == 429


def test_writes_with_bad_tokens_count_too(client, db, settings):
    settings.API_FAILED_TOKEN_RATE = "2/min"
    for _ in range(2):
        response = client.post(
            f"{API}/essays", {}, content_type="application/json", **BAD
        )
        assert response.status_code == 401
    assert client.get(f"{API}/topics", **BAD).status_code == 429
