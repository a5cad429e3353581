"""Public pages. Reads go through selectors; views only parse and render."""

import logging

from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from essays import selectors

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Collections, recent essays and the main topics."""
    return render(request, "essays/home.html", selectors.home_page())


def essay_list(request: HttpRequest) -> HttpResponse:
    """Published essays, filtered by topic or collection."""
    collection = request.GET.get("collection", "")
    essays = selectors.essay_list(
        topic=request.GET.get("topic") or None,
        collection=int(collection) if collection.isdigit() else None,
    )
    return render(request, "essays/essay_list.html", {"essays": essays})


def essay_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An essay with its outline; drafts only for staff."""
    tree = selectors.essay_tree(slug, include_drafts=request.user.is_staff)
    return render(
        request, "essays/essay_detail.html", {"tree": tree, "essay": tree.essay}
    )


def point_detail(request: HttpRequest, point_id: int) -> HttpResponse:
    """One point: its permalink page."""
    point = selectors.point_detail(point_id, include_drafts=request.user.is_staff)
    return render(request, "essays/point_detail.html", {"point": point})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic's essays and points."""
    topic, essays, points = selectors.topic_detail(slug)
    context = {"topic": topic, "essays": essays, "points": points}
    return render(request, "essays/topic_detail.html", context)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every database answers, 503 otherwise (for load balancers)."""
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("healthz: database %s does not answer: %s", alias, error)
            detail = f"database {alias} unavailable"
            return JsonResponse({"status": "error", "detail": detail}, status=503)
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors, no queries: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
