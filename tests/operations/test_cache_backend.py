"""kb.cache.RedisCache: Django's Redis cache, its client made once (issue 17)."""

import threading

import pytest

from tests.conftest import IN_CI

URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if IN_CI:
            pytest.fail("CI has Redis on 127.0.0.1:6379; it did not answer")
        pytest.skip("no Redis on 127.0.0.1:6379")
    from kb.cache import RedisCache

    cache = RedisCache(URL, {})
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("页面", "内容")
    assert redis_cache._cache.get_client("页面") is client


def test_it_stores_and_reads_from_many_threads_at_once(redis_cache):
    failures = []

    def work(number: int) -> None:
        for round_ in range(50):
            key = f"键{number}:{round_}"
            redis_cache.set(key, {"值": number * round_})
            if redis_cache.get(key) != {"值": number * round_}:
                failures.append(key)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert redis_cache.get_many([f"键{n}:49" for n in range(8)]) == {
        f"键{n}:49": {"值": n * 49} for n in range(8)
    }


def test_the_settings_choose_it_with_redis_url(monkeypatch):
    import importlib

    import kb.settings

    monkeypatch.setenv("REDIS_URL", URL)
    try:
        settings = importlib.reload(kb.settings)
        assert settings.CACHES["default"]["BACKEND"] == "kb.cache.RedisCache"
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(kb.settings)
