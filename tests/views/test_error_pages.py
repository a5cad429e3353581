"""Django's own 400 and 403 pages are English; ours say it in Chinese."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import override_settings
from django.urls import include, path


def refuse(request):
    raise PermissionDenied


def bad(request):
    raise SuspiciousOperation("bad request")


urlpatterns = [
    path("refuse/", refuse),
    path("bad/", bad),
    path("", include("kb.urls")),
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [("/refuse/", 403, "没有权限"), ("/bad/", 400, "请求有误")],
)
def test_error_pages_speak_chinese(client, url, status, heading):
    response = client.get(url)
    assert response.status_code == status
    text = response.content.decode()
    assert heading in text and "Forbidden" not in text and "Bad Request" not in text
