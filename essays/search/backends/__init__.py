"""get_search_backend(): the engine chosen by settings.SEARCH_BACKEND.

"database" (the default) is the database's own full-text search, by vendor:
PostgreSQL's tsvector or SQLite's FTS5. "opensearch" is a search cluster at
settings.OPENSEARCH_URL. All of them read the same entries and tokens.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from essays.search.backends.base import Matches, SearchBackend

__all__ = ["Matches", "SearchBackend", "get_search_backend"]

_cluster = {}


def get_search_backend(name: str | None = None) -> SearchBackend:
    name = (name or settings.SEARCH_BACKEND or "database").lower()
    if name == "database":
        name = connection.vendor
    if name == "postgresql":
        from essays.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if name == "sqlite":
        from essays.search.backends.sqlite import SqliteBackend

        return SqliteBackend()
    if name == "opensearch":
        if "opensearch" not in _cluster:
            from essays.search.backends.opensearch import OpenSearchBackend

            _cluster["opensearch"] = OpenSearchBackend.from_settings()
        return _cluster["opensearch"]
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be database, postgresql, sqlite or opensearch, "
        f"not {name!r}."
    )
