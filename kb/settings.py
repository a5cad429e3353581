"""Settings for the knowledge base, read from the environment (twelve-factor).

Every knob is an environment variable with a safe default; README.md lists them.
Production is the default: DJANGO_DEBUG must be switched on explicitly, and
without it DJANGO_SECRET_KEY is required.
"""

import ipaddress
import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything unrecognised is an error."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


DEBUG = env_bool("DJANGO_DEBUG", False)

# Commands that neither serve nor sign anything may run without a key, so
# that checks such as `manage.py makemigrations --check` need no secrets, and
# the import contract's `manage.py import_essays PATH --dry-run --json` runs
# as the contract writes it (stores hash nothing with the key either).
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "import_essays"}


def is_keyless_command(argv: list[str]) -> bool:
    return (
        len(argv) > 1
        and Path(argv[0]).name == "manage.py"
        and argv[1] in KEYLESS_COMMANDS
    )


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not is_keyless_command(sys.argv):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "csp",
    "axes",
    "nested_admin",
    "ninja",
    "reversion",
    "taggit",
    "essays",
    "essays.duplicates",
    "essays.search",
    "django_prometheus",
]

MIDDLEWARE = [
    # Request counts and latencies (/metrics): first and last, to time it all.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # One JSON log line per request, with its X-Request-ID.
    "kb.request_log.RequestLog",
    # Anonymous reads from the read replica, when there is one: decided before
    # any middleware reads the database (kb/routers.py).
    "essays.middleware.ReplicaReads",
    # Readers' pages kept while what they show is unchanged: a copy keeps the
    # headers the middleware below add, so a hit skips their work
    # (essays/pagecache.py).
    "essays.pagecache.AnonymousPageCache",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response.
    "csp.middleware.CSPMiddleware",
    "essays.middleware.PermissionsPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: every page speaks LANGUAGE_CODE (Chinese), whatever
    # language the browser asks for; an English browser got a half-English admin.
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET and 304 for If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    # RateLimit-* on every API answer, cached ones and 429s included.
    "essays.api.conventions.RateLimitHeaders",
    # Anonymous API reads rendered once per content version.
    "essays.middleware.ApiReadCache",
    # A NUL character in a URL is never text (and PostgreSQL refuses it).
    "essays.middleware.RefuseNul",
    # 429 for an address that sent too many bad API tokens, or searched too often.
    "essays.middleware.FailedTokenLockout",
    "essays.middleware.SearchPageThrottle",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# django-axes first: it refuses a locked-out username and address before the
# password is even checked (and needs `request` passed to authenticate()).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"
ASGI_APPLICATION = "kb.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:5432/name or sqlite:///path);
# the embedded default is a SQLite file in the data directory.
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

# A streaming read replica of the primary (docs/deploy.md): anonymous reads
# go there, writes and editors' reads to the primary (kb/routers.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a replica of DATABASE_URL's database "
            "(the same engine, e.g. postgres://…)."
        )
    # Tests run against the primary's test database through both aliases.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kb.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Cache: Redis when REDIS_URL is set (shared by every worker), else per process.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kb.cache.RedisCache",  # Django's, reusing its client
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions: any web replica must find a session another one made. With Redis,
# sessions are read from the cache and written through to the database (a
# Redis restart logs no one out); without it, from the database alone.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
# Chinese punctuation for Django's own zh_Hans messages (标题：, 服务器错误（500）):
# listed here so they win over the admin app's catalog too.
LOCALE_PATHS = [BASE_DIR / "essays" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, content-hashed files need `collectstatic`; the tests swap in
    # plain storage (tests/conftest.py) so they run without it.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Production defaults pass `manage.py check --deploy`; a deployment
# that serves plain HTTP on purpose (docker-compose on :8000) switches the
# redirect off, and the probes and /metrics never redirect, so load balancers
# and Prometheus can reach them over the internal network's plain HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets X-Forwarded-Proto and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Logs go to the console (gunicorn and docker collect them). "json": one JSON
# object a line, for log collectors; "text": plain lines for a person at a
# terminal. Every line carries the request's id (kb/request_log.py).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(
        f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kb.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
            },
            "json_ensure_ascii": False,
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        # jieba logs its dictionary loading at DEBUG/INFO on every process start.
        "jieba": {"level": "WARNING"},
    },
}

# Prometheus metrics at /metrics (kb/metrics.py): for scrapers from these
# addresses or networks, or with `Authorization: Bearer METRICS_TOKEN`.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
for _network in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS holds {_network!r}, which is neither an address "
            "nor a network such as 10.0.0.0/8."
        ) from None
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

TAGGIT_CASE_INSENSITIVE = True

# Search (essays/search): "database" picks PostgreSQL full-text search or SQLite
# FTS5 by the database's vendor; "opensearch" sends queries to OPENSEARCH_URL.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database").strip().lower()
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
OPENSEARCH_INDEX = os.environ.get("OPENSEARCH_INDEX", "kb-search")

# Near-duplicate essays across sites (docs/duplicates.md): an essay whose
# 5-character shingles overlap a stored one's this much (Jaccard) is flagged.
try:
    DUPLICATE_THRESHOLD = float(os.environ.get("DUPLICATE_THRESHOLD") or 0.8)
except ValueError:
    raise ImproperlyConfigured(
        "DUPLICATE_THRESHOLD must be a number such as 0.8."
    ) from None

# The JSON API (/api/v1/). Rates: "<requests>/<period>" (s, min, hour, day).
API_ANON_RATE = os.environ.get("API_ANON_RATE", "300/min")  # per client address
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "600/min")  # per token
# Proxies in front of the site that append to X-Forwarded-For; 0 trusts only
# the connection's own address, so clients cannot spoof theirs.
NINJA_NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)
# CORS for reads by other sites' pages: their origins, comma-separated.
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
# What a page's script may read and send: caching, paging and rate limits.
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Link",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    # The request's id in the site's logs (kb/request_log.py), to report.
    "X-Request-ID",
]
CORS_ALLOW_HEADERS = [
    *default_headers,
    "if-none-match",
    "if-match",
    "x-request-id",
]
# Imports may be 5 MiB of text, which JSON escaping or a form can double:
# Django's own limits sit above ours so that only our 413 answers.
DATA_UPLOAD_MAX_MEMORY_SIZE = 24 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# Content-Security-Policy (django-csp 4). Scripts and styles come only from
# our own static files: no inline code, no 'unsafe-inline' anywhere (the
# templates and the admin have none; docs/security.md lists what was moved).
# Swagger UI on /api/v1/docs draws its icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Browser features the site never uses, denied to every page (an empty list
# is the header's `()`, allowed nowhere). browsing-topics replaced FLoC's
# interest-cohort, which Chromium now reports as an unknown feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# Failed logins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address the API's throttles use (DJANGO_NUM_PROXIES), not ipware's guess.
AXES_CLIENT_IP_CALLABLE = "essays.middleware.client_address"
# Its admin pages are not translated; `manage.py axes_reset_username` unlocks.
AXES_ENABLE_ADMIN = False
# Its start-up banner on every command is noise for editors and operators.
AXES_VERBOSE = False
# Bad API tokens per client address; beyond it every token from there is a 429.
API_FAILED_TOKEN_RATE = os.environ.get("API_FAILED_TOKEN_RATE", "20/min")
