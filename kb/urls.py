"""Root URLconf: the site, the admin, the API, the probes and the metrics."""

from django.contrib import admin
from django.urls import include, path

from kb import health, metrics
from kb.api import api

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.export, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("essays.urls")),
]

handler404 = "essays.views.page_not_found"
handler500 = "essays.views.server_error"
