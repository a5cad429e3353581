"""Who is calling: anonymous readers, or a bearer token acting as its user.

Tokens are accepted only in the `Authorization: Bearer …` header, never in a
URL. Reads are open (a bad token is still a 401); writes need a read-write
token, and the token's user needs the model permission for the write.
"""

import math

from django.http import HttpRequest, JsonResponse
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from essays.api.errors import Refused
from essays.importer import MAX_BYTES
from essays.models import ApiToken
from essays.tokens import find_token

JSON = "application/json"
MAX_WRITE_BODY = 2 * 1024 * 1024  # far above any essay, section or point
# Besides JSON, a form and plain text: the formats essays.formats reads.
IMPORT_TYPES = {
    JSON,
    "multipart/form-data",
    "text/plain",
    "text/html",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# An import's JSON escapes its text (up to 6 bytes a character) and a form
# adds its boundaries: bodies up to this size reach our own 5 MiB check.
MAX_IMPORT_BODY = 4 * MAX_BYTES


class Anonymous:
    """request.auth for a reader without a token."""

    def __bool__(self) -> bool:
        return True

    def __str__(self) -> str:
        return "anonymous"


ANONYMOUS = Anonymous()


class Token(HttpBearer):
    """A valid, unrevoked API token of an active user."""

    def __call__(self, request: HttpRequest):
        token = super().__call__(request)
        if token is None and request.headers.get("Authorization"):
            FailedTokenThrottle().record(request)
        return token

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return find_token(token)


class OptionalToken(Token):
    """Reads: anonymous without an Authorization header; a bad token is a 401."""

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            return ANONYMOUS
        return super().__call__(request)


class WriteToken(Token):
    """Writes: a read-write token, and a JSON body when there is one."""

    content_types = {JSON}

    def __call__(self, request: HttpRequest):
        token = super().__call__(request)
        if token is None:
            return None
        if not token.can_write:
            raise Refused(
                403, "这个令牌是只读的；修改内容需要可读写的令牌。", "read_only_token"
            )
        self.check_body(request)
        return token

    max_body = MAX_WRITE_BODY

    def check_body(self, request: HttpRequest) -> None:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > self.max_body:
            limit = self.max_body // (1024 * 1024)
            raise Refused(413, f"请求内容超过 {limit} MiB 的上限。", "too_large")
        has_body = request.META.get("CONTENT_LENGTH") not in (None, "", "0")
        writes = request.method in {"POST", "PUT", "PATCH"}
        if writes and has_body and request.content_type not in self.content_types:
            allowed = "、".join(sorted(self.content_types))
            raise Refused(
                415, f"Content-Type 须是 {allowed}。", "unsupported_media_type"
            )


class ImportToken(WriteToken):
    """Imports: JSON, a multipart file or plain text, up to the size limit."""

    content_types = IMPORT_TYPES
    max_body = MAX_IMPORT_BODY

    def check_body(self, request: HttpRequest) -> None:
        try:
            super().check_body(request)
        except HttpError as error:
            if error.status_code == 413:
                raise Refused(
                    413,
                    f"文件超过 {MAX_BYTES // (1024 * 1024)} MiB 的上限，"
                    "请拆成几个较小的文件再导入。",
                    "too_large",
                ) from error
            raise


def token_of(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def require(request: HttpRequest, *permissions: str) -> None:
    """403 unless the token's user holds every one of `permissions`."""
    token = token_of(request)
    if token is None or not token.user.has_perms(permissions):
        names = "、".join(f"“{name}”" for name in permissions)
        raise Refused(403, f"令牌的用户没有这项权限：{names}。", "permission_denied")


def may_see_drafts(request: HttpRequest, include_drafts: bool) -> bool:
    """Drafts only for a staff user's token that asks for them."""
    if not include_drafts:
        return False
    token = token_of(request)
    if token is None or not token.user.is_staff:
        raise Refused(
            403,
            "查看草稿（“include_drafts=true”）需要职员用户的令牌。",
            "staff_token_required",
        )
    return True


class SettingsRate(SimpleRateThrottle):
    """A throttle whose rate is a setting, read at each request."""

    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=self.current_rate())

    def current_rate(self) -> str:
        from django.conf import settings

        return getattr(settings, self.setting)

    def allow_request(self, request: HttpRequest) -> bool:
        rate = self.current_rate()
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        allowed = super().allow_request(request)
        if self.key is not None:
            request.rate_limit = self.quota()
        return allowed

    def quota(self) -> tuple[int, int, int]:
        """Limit, requests left and seconds until the oldest one counted ages out."""
        left = max(0, self.num_requests - len(self.history))
        oldest = self.history[-1] if self.history else self.now
        return (
            self.num_requests,
            left,
            max(1, math.ceil(oldest + self.duration - self.now)),
        )


def rate_limit_headers(request: HttpRequest) -> dict[str, str]:
    """The IETF draft's RateLimit-* fields for the throttle that counted `request`."""
    quota = getattr(request, "rate_limit", None)
    if quota is None:
        return {}
    limit, remaining, reset = quota
    return {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(remaining),
        "RateLimit-Reset": str(reset),
    }


class AnonymousThrottle(SettingsRate):
    """Anonymous requests, counted per client address (API_ANON_RATE)."""

    scope = "anonymous"
    setting = "API_ANON_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if token_of(request) is not None:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class TokenThrottle(SettingsRate):
    """Requests made with a token, counted per token (API_TOKEN_RATE)."""

    scope = "token"
    setting = "API_TOKEN_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = token_of(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


FAILED_TOKENS_DETAIL = "来自这个地址的无效令牌过多，请稍后再试。"


class FailedTokenThrottle(SettingsRate):
    """Bad tokens, counted per client address (API_FAILED_TOKEN_RATE).

    Only failures count, but once an address has used up its rate every
    request with a token from it is refused until the oldest failure ages
    out, a valid token included: guessing must not pay off (issue 14, 9).
    """

    scope = "failed-token"
    setting = "API_FAILED_TOKEN_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }

    def record(self, request: HttpRequest) -> None:
        """Count one failure (a full history stays full; it is not extended)."""
        self.allow_request(request)

    def retry_after(self, request: HttpRequest) -> int | None:
        """Seconds until this address may try a token again, or None if it may."""
        rate = self.current_rate()
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        history = self.cache.get(self.get_cache_key(request), [])
        now = self.timer()
        history = [moment for moment in history if moment > now - self.duration]
        if len(history) < self.num_requests:
            return None
        return max(1, math.ceil(history[-1] + self.duration - now))


def refuse_failed_tokens(request: HttpRequest) -> JsonResponse | None:
    """429 for a request with a token from an address that sent too many bad ones."""
    if not request.headers.get("Authorization"):
        return None
    wait = FailedTokenThrottle().retry_after(request)
    if wait is None:
        return None
    body = {"detail": FAILED_TOKENS_DETAIL, "code": "too_many_failed_tokens"}
    response = JsonResponse(body, status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(wait)
    return response
