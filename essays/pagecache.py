"""Public pages for readers without a session, rendered once per change.

A reader's page (home, topics, essays, points, search…) is the same for every
visitor who is not logged in, until content changes. So a GET from a visitor
without a session is answered from Django's cache under a key made of the
page's absolute URL, with a stamp saying what the copy was made from, checked
in one query (content_version.snapshot) on every visit:

- most pages (home, lists, search) from everything: the copy is
  good while the content version stands; any committed write moves it;
- a page whose view named the essays it shows (`shows_essays`: an essay's
  page, a point's page with its related points, a topic's page) from the
  structure and those essays: the copy is good while the structure version
  and their counters stand, so a write to another essay leaves it
  (issue 17: one edit no longer makes the whole site render afresh).

The counters live in the database, so every worker sees a change at once,
whatever cache backend each one has. This is the pages' twin of the API's
read cache (essays/middleware.py, ApiReadCache).

Not cached: editors (a session cookie: they may see drafts), any request that
carries other cookies (messages, say), the admin and the API (its own cache),
answers other than 200, streamed ones, ones that set a cookie or ask not to be
stored (`never_cache`: /healthz).

Install early, right after "essays.middleware.ReplicaReads" (its one query
then goes where the page's would) and before the headers' middleware
(security, CSP, sessions, ETag…): a copy keeps every header the page was
answered with, so a hit skips their work (issue 17) and looks the same as a
miss. What those middleware decide per request, a hit decides here: a
conditional GET gets its 304 (the copy keeps its ETag), a search still
counts against the search page's rate, an unknown host is left to them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers, set_response_etag

from essays import content_version
from essays.middleware import search_page_refusal

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
# Headers that describe the body, which a 304 does not send.
BODY_HEADERS = ("content-type", "content-length")


class AnonymousPageCache:
    """Serve readers' pages from the cache while what they show is unchanged."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        # ConditionalGetMiddleware's 304 logic, for the copies served here.
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not cacheable_request(request):
            return self.get_response(request)
        try:
            key = page_key(request)
        except DisallowedHost:
            # The security and common middleware answer it, as for any page.
            return self.get_response(request)
        hit = cache.get(key)
        # One query either way: the counters the copy's stamp names, or the
        # versions a page about to be rendered is stamped with.
        version, structure, essays = content_version.snapshot(
            hit[0][2] if hit is not None and hit[0][0] == "essays" else ()
        )
        if hit is not None and still_good(hit[0], version, structure, essays):
            if search_page_refusal(request) is not None:
                # Over its rate: the throttle's own 429, with every header.
                return self.get_response(request)
            _, status, headers, content = hit
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            answer = self.conditional.process_response(request, response)
            if answer.status_code == 304:
                # Django's 304 keeps the caching headers only; a rendered
                # page's 304 gets the policies from the middleware after.
                for name, value in headers.items():
                    if name.lower() not in BODY_HEADERS and name not in answer:
                        answer[name] = value
            return answer
        response = self.get_response(request)
        # A page answers differently to an editor's session: shared caches
        # downstream must keep them apart.
        patch_vary_headers(response, ("Cookie",))
        if cacheable_response(response):
            stamp = stamp_for(request, version, structure)
            if stamp is not None:
                if not response.has_header("ETag"):
                    set_response_etag(response)
                headers = {
                    name: value
                    for name, value in response.items()
                    if not name.lower().startswith(PER_REQUEST_HEADERS)
                }
                cache.set(key, (stamp, 200, headers, response.content), TIMEOUT)
        return response


def shows_essays(request: HttpRequest, essay_ids) -> None:
    """Say that the page being rendered shows these essays' content only.

    Its cached copy then stays good while the structure and these essays are
    unchanged. A view calls this only when nothing else on the page can
    change without the structure version moving (topics, collections and
    publication are structure).
    """
    shown = getattr(request, "page_essays", set())
    shown.update(essay_ids)
    request.page_essays = shown


def stamp_for(request: HttpRequest, version: int, structure: int) -> tuple | None:
    """What a fresh copy was made from; None if a write raced the rendering.

    `version` and `structure` were read before rendering. The essays'
    counters are read after it, with the content version in the same
    statement: if that still stands, no count happened since before the
    rendering began, so the counters read are those of the content shown
    (never newer).
    """
    shown = getattr(request, "page_essays", None)
    if shown is None:
        return ("all", version)
    now, _, counters = content_version.snapshot(shown)
    if now != version:
        return None
    return ("essays", structure, counters)


def still_good(stamp: tuple, version: int, structure: int, essays: dict) -> bool:
    if stamp[0] == "all":
        return stamp[1] == version
    return stamp[1] == structure and stamp[2] == essays


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


def page_key(request: HttpRequest) -> str:
    # The scheme too: the feed and the sitemap write absolute links. Hashed:
    # a URL may be any length, a cache key may not (memcached: 250).
    address = request.build_absolute_uri()
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"
