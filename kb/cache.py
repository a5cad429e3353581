"""Django's Redis cache, with one Redis client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache call,
and each one builds its table of about 160 response callbacks: 0.18 ms of
CPU a call, a tenth of a cached page's whole cost (bench/load.py). A
`redis.Redis` is safe to share (it takes a connection from its pool for
each command), so one per pool is kept and reused.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES' backend when REDIS_URL is set."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisClient
