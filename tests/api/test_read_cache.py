"""The anonymous read cache keys any URL, however long."""

import warnings

import pytest
from django.core.cache.backends.base import CacheKeyWarning

pytestmark = pytest.mark.django_db


def test_a_long_query_string_makes_a_valid_cache_key(client):
    # A 250-character key is memcached's limit; the URL is hashed into it.
    long_query = "群" * 150
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        first = client.get("/api/v1/essays", {"q": long_query})
        second = client.get("/api/v1/essays", {"q": long_query})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
