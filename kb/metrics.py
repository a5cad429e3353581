"""Prometheus metrics at /metrics: request rates and latencies, and imports.

Request counts and latency histograms by view, method and status come from
django-prometheus's two middlewares (first and last in MIDDLEWARE). Its
database and cache wrappers are not used: they would replace the psycopg 3
backend and Redis client the site relies on, for figures the request
metrics already give.

Imports are counted here, by channel (admin, api, command) and result
(created, replaced, unchanged, dry_run, refused, forbidden, error), through
`counted_imports` around the one import service.

Under gunicorn each worker is a process with its own counters; with
PROMETHEUS_MULTIPROC_DIR set (the Dockerfile does) every worker writes them
to files there and /metrics adds them up, whichever worker answers.

/metrics tells an outsider how busy the site is and which views exist, so it
answers only to addresses in METRICS_ALLOWED_IPS (loopback by default) or to
`Authorization: Bearer <METRICS_TOKEN>`; anyone else gets a 403.
"""

import functools
import hmac
import ipaddress

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView
from prometheus_client import Counter

IMPORTS = Counter(
    "kb_imports",
    "Documents through the import service, by channel and result.",
    ["channel", "result"],
)


def counted_imports(import_document):
    """Count every call of the import service by its channel and result."""

    @functools.wraps(import_document)
    def counted(*args, **kwargs):
        channel = getattr(kwargs.get("channel"), "kind", "unknown")
        try:
            result = import_document(*args, **kwargs)
        except Exception as error:
            IMPORTS.labels(channel=channel, result=failure(error)).inc()
            raise
        IMPORTS.labels(channel=channel, result=result.status).inc()
        return result

    return counted


def failure(error: Exception) -> str:
    """The result label of an import that raised `error`."""
    from essays.importer import ImportFailed

    if isinstance(error, ImportFailed):
        return "refused"  # the document: not text, too large, changed…
    if isinstance(error, PermissionDenied):
        return "forbidden"  # publishing or replacing needs the publish right
    return "error"


@never_cache
def export(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus's text format, for allowed scrapers only."""
    if not may_scrape(request):
        return JsonResponse(
            {"detail": "无权读取监控指标：请从允许的地址访问，或提供监控令牌。"},
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    return ExportToDjangoView(request)


def may_scrape(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    from essays.middleware import client_address

    address = client_address(request)
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(client in network for network in allowed_networks())


def allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(item, strict=False)
        for item in settings.METRICS_ALLOWED_IPS
    ]
