"""Cached anonymous API reads, keyed by the content version.

A public read of /api/v1/ is rendered once per content version (and host and
full path) and then served from Django's cache: one primary-key query instead
of a tree's queries, serialisation and validation. Keys carry the version
counted in the database (essays/content_version.py), so a committed write is
seen at once by every worker, whatever cache backend each one has.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from essays import content_version

PREFIX = "/api/v1/"
UNCACHED = ("/api/v1/openapi.json", "/api/v1/docs")  # no data: nothing to save
PER_REQUEST_HEADERS = ("set-cookie", "date", "retry-after", "ratelimit", "x-ratelimit")
TIMEOUT = 600  # seconds; keys never go stale, this only bounds memory


class ApiReadCache:
    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.throttle = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.cacheable(request):
            return self.get_response(request)
        version = content_version.current()
        key = f"api-read:{version}:{request.get_host()}:{request.get_full_path()}"
        hit = cache.get(key)
        if hit is not None and self.allowed(request):
            status, headers, content = hit
            response = HttpResponse(content, status=status)
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
