"""Probes for load balancers and orchestrators: /healthz and /readyz.

/healthz says the process is alive and touches nothing else, so a database
outage does not make an orchestrator restart every web replica at once.
/readyz says the replica can serve: every database alias (the read replica
included) answers, the cache round-trips a value, and the search backend
answers. A load balancer takes a replica out of rotation on its 503, whose
JSON names each failed check in a sentence an operator can act on.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

OK = "ok"
# Seconds a search cluster gets to answer a probe; a hung cluster must not
# hang the probe past the load balancer's own timeout.
SEARCH_PROBE_TIMEOUT = 2


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the process serves requests (liveness; no database)."""
    return JsonResponse({"status": OK})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when databases, cache and search answer; 503 naming what failed."""
    checks = {f"database:{alias}": database_problem(alias) for alias in connections}
    checks["cache"] = cache_problem()
    checks["search"] = search_problem()
    failed = [problem for problem in checks.values() if problem]
    body = {
        "status": "error" if failed else OK,
        "checks": {name: problem or OK for name, problem in checks.items()},
    }
    if failed:
        body["detail"] = "服务未就绪：" + "；".join(failed) + "。"
        return JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
    return JsonResponse(body)


def database_problem(alias: str) -> str:
    """ "" when the database behind `alias` answers a query, else why not."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("readyz: database %s does not answer: %s", alias, error)
        return f"数据库 {alias} 无法连接"
    return ""


def cache_problem() -> str:
    """ "" when the cache stores and returns a value, else why not."""
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        returned = cache.get(key)
        cache.delete(key)
    # Each cache backend raises its own client's errors (redis-py, pymemcache…);
    # whichever it is, the answer is the same: this replica is not ready.
    except Exception as error:
        logger.warning("readyz: the cache does not answer: %s", error)
        return "缓存无法读写"
    if returned != value:
        logger.warning("readyz: the cache returned %r for a value just set", returned)
        return "缓存存入的值读不回来"
    return ""


def search_problem() -> str:
    """ "" when the search backend answers and holds its index, else why not."""
    from essays.search import get_search_backend
    from essays.search.models import Entry

    try:
        backend = get_search_backend()
    except (ImproperlyConfigured, ImportError) as error:
        logger.warning("readyz: no search backend: %s", error)
        return "搜索后端配置有误"
    if not backend.keeps_own_index:
        # The database's own full-text search: its entries' table answers.
        try:
            Entry.objects.exists()
        except DatabaseError as error:
            logger.warning("readyz: the search tables do not answer: %s", error)
            return "搜索索引表无法读取"
        return ""
    try:
        exists = backend.client.indices.exists(
            index=backend.index, request_timeout=SEARCH_PROBE_TIMEOUT
        )
    # opensearch-py raises its own ConnectionError, TransportError…
    except Exception as error:
        logger.warning("readyz: the search cluster does not answer: %s", error)
        return "搜索服务无法连接"
    if not exists:
        return f"搜索索引 {backend.index} 不存在，请运行 manage.py rebuild_search_index"
    return ""
