"""Root URLconf: the site, the admin, the API, the probes and the metrics."""

from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from kb import health, metrics
from kb.api import api


def favicon(request) -> HttpResponsePermanentRedirect:
    # At request time: the static files' manifest may not exist at import.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.export, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Browsers ask for /favicon.ico on pages without <link rel="icon"> (JSON,
    # the API docs): the site's one icon, not a 404 in every console.
    path("favicon.ico", favicon),
    path("", include("essays.urls")),
]

handler404 = "essays.views.page_not_found"
handler500 = "essays.views.server_error"
