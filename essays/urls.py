"""The public site's URLs (design.md, URLs)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from essays import downloads, views
from essays.feeds import NewEssaysFeed
from essays.sitemaps import SITEMAPS

app_name = "essays"

urlpatterns = [
    path("", views.home, name="home"),
    path("essays/", views.essay_list, name="essay_list"),
    path("essays/<slug:slug>/", views.essay_detail, name="essay_detail"),
    path("essays/<slug:slug>/export.docx", downloads.essay_docx, name="essay_docx"),
    path("essays/<slug:slug>/export.pdf", downloads.essay_pdf, name="essay_pdf"),
    path(
        "essays/<slug:slug>/export.md", downloads.essay_markdown, name="essay_markdown"
    ),
    path("points/<int:point_id>/", views.point_detail, name="point_detail"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path(
        "topics/<slug:slug>/handout.docx", downloads.topic_handout, name="topic_handout"
    ),
    path(
        "topics/<slug:slug>/handout.pdf",
        downloads.topic_handout_pdf,
        name="topic_handout_pdf",
    ),
    path("guidance/<str:category>/", views.guidance, name="guidance"),
    path("compare/", views.compare, name="compare"),
    path("search/", views.search_view, name="search"),
    path("feed/", NewEssaysFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
