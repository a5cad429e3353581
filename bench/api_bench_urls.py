"""URLconf for bench/api_bench.py: the site and API, plus the baselines.

/api/bare/<name> answers the bytes and headers the API answered for <name>,
/api/uncached/v1/… is the same API outside the read cache's prefix (every
request rendered afresh),
read once per process from $BENCH_API_BODIES (written by the bench before the
server starts); /api/drf/essays/<slug> is the essay tree through Django REST
Framework, when it is installed.
"""

import json
import os
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

COPIED_HEADERS = ("Cache-Control", "Vary", "Last-Modified")  # those the view sets


@cache
def stored(name: str) -> tuple[bytes, dict[str, str]]:
    folder = Path(os.environ["BENCH_API_BODIES"])
    headers = json.loads((folder / f"{name}.headers.json").read_text())
    return (folder / f"{name}.body").read_bytes(), headers


def bare(name: str):
    def view(request: HttpRequest) -> HttpResponse:
        body, headers = stored(name)
        response = HttpResponse(body, content_type=headers["Content-Type"])
        for header in COPIED_HEADERS:
            if header in headers:
                response[header] = headers[header]
        return response

    return view


def uncached_api():
    """The API mounted a second time, under its own namespace."""
    from kb.api import api

    patterns, _, _ = api.urls
    return patterns, "api-uncached", "api-uncached"


urlpatterns = [
    path("api/bare/essay", bare("essay"), name="bench-bare-essay"),
    path("api/bare/points", bare("points"), name="bench-bare-points"),
    path("api/uncached/v1/", uncached_api()),
]
if settings.HAS_DRF:
    from bench.api_bench_drf import EssayTreeView

    urlpatterns.append(
        path("api/drf/essays/<slug:slug>", EssayTreeView.as_view(), name="bench-drf")
    )
urlpatterns.append(path("", include("kb.urls")))

handler404 = "essays.views.page_not_found"
handler500 = "essays.views.server_error"
