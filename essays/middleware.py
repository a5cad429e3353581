"""The site's own middleware: replica reads, the API read cache, refusals, headers.

ReplicaReads marks the requests whose reads may go to the read replica
(kb/routers.py). ApiReadCache: a public read of /api/v1/ is rendered once
per content version (and host and full path) and then served from Django's
cache: one primary-key query instead of a tree's queries, serialisation and
validation. Keys carry the version
counted in the database (essays/content_version.py), so a committed write is
seen at once by every worker, whatever cache backend each one has.
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from ninja.throttling import BaseThrottle

from essays import content_version
from essays.api.auth import SettingsRate, refuse_failed_tokens
from kb import routers

PREFIX = "/api/v1/"
UNCACHED = ("/api/v1/openapi.json", "/api/v1/docs")  # no data: nothing to save
# A hit replays every header of the rendered answer, so hit and miss look the
# same (a missing header would tell readers that unpublished work changed,
# issue 14, 6), except those that belong to one request.
PER_REQUEST_HEADERS = ("set-cookie", "date", "retry-after", "ratelimit", "x-ratelimit")
TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory


SAFE_METHODS = ("GET", "HEAD")
ADMIN_PREFIX = "/admin/"


class ReplicaReads:
    """Anonymous reads outside the admin go to the read replica (kb/routers.py).

    Decided from the request alone, before any middleware reads the database
    (the API read cache reads the content version first): a GET or HEAD
    without an API token or a session cookie. Editors always have a session,
    so they read from the primary and see their own changes at once. Without
    DATABASE_REPLICA_URL no router consults this and every read is the
    primary's.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.may_read_replica(request):
            return self.get_response(request)
        with routers.replica_reads():
            return self.get_response(request)

    @staticmethod
    def may_read_replica(request: HttpRequest) -> bool:
        return (
            request.method in SAFE_METHODS
            and not request.path.startswith(ADMIN_PREFIX)
            and "HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )


class ApiReadCache:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.throttle = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.cacheable(request):
            return self.get_response(request)
        version = content_version.current()
        # Hashed: a URL may be any length, a cache key may not (memcached: 250).
        address = f"{request.get_host()}:{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        key = f"api-read:{version}:{digest}"
        hit = cache.get(key)
        if hit is not None and self.allowed(request):
            status, headers, content = hit
            response = HttpResponse(content, status=status)
            # No X-Cache header: every write bumps the version, drafts'
            # included, so a hit/miss flag would tell readers when unpublished
            # work changed (issue 14, 6). A hit is the same bytes and headers.
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming:
            headers = {
                name: value
                for name, value in response.items()
                if not name.lower().startswith(PER_REQUEST_HEADERS)
            }
            cache.set(key, (200, headers, response.content), TIMEOUT)
        return response

    @staticmethod
    def cacheable(request: HttpRequest) -> bool:
        return (
            getattr(settings, "API_READ_CACHE", True)
            and request.method == "GET"
            and request.path.startswith(PREFIX)
            and not request.path.startswith(UNCACHED)
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def allowed(self, request: HttpRequest) -> bool:
        """A cached answer still counts against the anonymous rate limit."""
        if self.throttle is None:
            from essays.api.auth import AnonymousThrottle

            self.throttle = AnonymousThrottle()
        return self.throttle.allow_request(request)


class RefuseNul:
    """400 for a NUL character in the path or query string.

    It is never text, and PostgreSQL refuses it in a query: left alone it
    would be a 500 wherever a parameter reaches the database.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            detail = "NUL characters are not allowed in URLs"
            if request.path.startswith(PREFIX):
                return JsonResponse({"detail": detail}, status=400)
            return HttpResponseBadRequest(detail)
        return self.get_response(request)


def client_address(request: HttpRequest) -> str | None:
    """The caller's address as every throttle sees it (DJANGO_NUM_PROXIES).

    django-axes asks this too (AXES_CLIENT_IP_CALLABLE), so a lockout and the
    API's counters agree about who is calling, and neither trusts a
    client-supplied X-Forwarded-For unless proxies are configured.
    """
    return BaseThrottle().get_ident(request)


class FailedTokenLockout:
    """429 for API requests with a token from an address that guessed too often.

    The counting is in essays/api/auth.py, on the failure path; answering
    here, before the API, keeps a locked-out address off the token table.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(PREFIX):
            refusal = refuse_failed_tokens(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)


SEARCH_PAGES = ("/search/",)


class SearchPageRate(SettingsRate):
    """Searches from one address, on a counter of their own (API_ANON_RATE)."""

    scope = "search-page"
    setting = "API_ANON_RATE"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {
            "scope": self.scope,
            "ident": client_address(request),
        }


def search_page_refusal(request: HttpRequest) -> SearchPageRate | None:
    """The throttle that refused this search, or None if it may go on.

    Other pages are never refused. A request is counted once, wherever it is
    asked first (the page cache asks before serving a copy).
    """
    if not request.path.startswith(SEARCH_PAGES):
        return None
    if not hasattr(request, "search_refusal"):
        throttle = SearchPageRate()
        request.search_refusal = None if throttle.allow_request(request) else throttle
    return request.search_refusal


class SearchPageThrottle:
    """The HTML search page, counted per address at the API's anonymous rate.

    A search is the most expensive page a reader can ask for, and the same
    query through the API is already throttled (API_ANON_RATE); the page has
    its own counter so that reading the API does not use up searching.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        throttle = search_page_refusal(request)
        if throttle is None:
            return self.get_response(request)
        wait = math.ceil(throttle.wait() or throttle.duration)
        response = render(request, "429.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response


class PermissionsPolicy:
    """Permissions-Policy on every response: no camera, microphone, location…

    The site uses none of these browser features; denying them means a
    script that got in somehow cannot ask for them either. The features and
    their allow-lists are the PERMISSIONS_POLICY setting.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy()
        return response


def permissions_policy() -> str:
    """`camera=(), usb=(self)`: the header's form of the PERMISSIONS_POLICY setting."""
    return ", ".join(
        f"{feature}=({' '.join(origins)})"
        for feature, origins in settings.PERMISSIONS_POLICY.items()
    )
