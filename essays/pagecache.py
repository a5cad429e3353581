"""Public pages for readers without a session, rendered once per content version.

A reader's page (home, topics, essays, points, search…) is the same for every
visitor who is not logged in, until content changes. So a GET from a visitor
without a session is answered from Django's cache under a key made of the
content version (essays/content_version.py) and the page's absolute URL: a
committed write moves the version and every worker renders afresh, whatever
cache backend each one has. This is the pages' twin of the API's read cache
(essays/middleware.py, ApiReadCache).

Not cached: editors (a session cookie: they may see drafts), any request that
carries other cookies (messages, say), the admin and the API (its own cache),
answers other than 200, streamed ones, ones that set a cookie or ask not to be
stored (`never_cache`: /healthz).

Install after the throttles, so that a cached search still counts against
its rate, and before the CSRF and authentication middleware, whose work a
hit skips: in MIDDLEWARE, right after "essays.middleware.SearchPageThrottle".
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from essays import content_version

# The probes answer without the database (a liveness check must not wait on it).
SKIPPED_PREFIXES = (
    "/admin/",
    "/api/",
    "/static/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/favicon.ico",
)
# Headers that belong to one answer, not to the page.
PER_REQUEST_HEADERS = ("set-cookie", "date", "retry-after", "ratelimit")
TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory


class AnonymousPageCache:
    """Serve readers' pages from the cache, keyed by the content version."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request, content_version.current())
        hit = cache.get(key)
        if hit is not None:
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
        else:
            response = self.get_response(request)
            if cacheable_response(response):
                headers = {
                    name: value
                    for name, value in response.items()
                    if not name.lower().startswith(PER_REQUEST_HEADERS)
                }
                cache.set(key, (200, headers, response.content), TIMEOUT)
        # A page answers differently to an editor's session: shared caches
        # downstream must keep them apart, on a hit as on a miss.
        patch_vary_headers(response, ("Cookie",))
        return response


def cacheable_request(request: HttpRequest) -> bool:
    """A GET for a public page from a visitor without a session or messages."""
    if request.method != "GET" or request.path.startswith(SKIPPED_PREFIXES):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # The CSRF cookie alone changes nothing on a page; any other (the session,
    # messages) may.
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def cacheable_response(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "no-store" not in control
        and "private" not in control
    )


def page_key(request: HttpRequest, version: int) -> str:
    # The scheme too: the feed and the sitemap write absolute links. Hashed:
    # a URL may be any length, a cache key may not (memcached: 250).
    address = request.build_absolute_uri()
    return f"page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"
