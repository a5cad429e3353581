"""The public site's URLs (design.md, URLs)."""

from django.urls import path

from essays import views

app_name = "essays"

urlpatterns = [
    path("", views.home, name="home"),
    path("essays/", views.essay_list, name="essay_list"),
    path("essays/<slug:slug>/", views.essay_detail, name="essay_detail"),
    path("points/<int:point_id>/", views.point_detail, name="point_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
