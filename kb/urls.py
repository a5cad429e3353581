"""Root URLconf: the site, the admin and the health probe."""

from django.contrib import admin
from django.urls import include, path

from essays.views import healthz
from kb.api import api

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("essays.urls")),
]

handler404 = "essays.views.page_not_found"
handler500 = "essays.views.server_error"
