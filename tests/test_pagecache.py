"""Readers' pages rendered once per content version (essays/pagecache.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory

from essays.content_version import current
from essays.models import Essay
from essays.pagecache import page_key
from essays.services import editing
from essays.services.recording import COMMAND

PAGE_CACHE = "essays.pagecache.AnonymousPageCache"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The middleware where its docstring asks for it, if settings lack it."""
    if PAGE_CACHE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        after = middleware.index("essays.middleware.SearchPageThrottle")
        middleware.insert(after + 1, PAGE_CACHE)
        settings.MIDDLEWARE = middleware


def cached(path: str) -> bool:
    request = RequestFactory().get(path)
    return cache.get(page_key(request, current())) is not None


def test_a_second_visit_costs_one_query_and_gets_the_same_page(
    imported_corpus, client, django_assert_num_queries
):
    essay = Essay.objects.published().first()
    first = client.get(essay.get_absolute_url())
    with django_assert_num_queries(1):  # the content version
        second = client.get(essay.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Cookie" in second["Vary"]


def test_a_change_shows_on_the_next_visit(imported_corpus, client):
    essay = Essay.objects.published().first()
    assert essay.title in client.get(essay.get_absolute_url()).content.decode()
    editing.update(essay, actor=None, channel=COMMAND, title="改过的标题")
    assert "改过的标题" in client.get(essay.get_absolute_url()).content.decode()
    assert "改过的标题" in client.get("/").content.decode()


def test_an_editor_with_a_session_is_never_served_a_readers_copy(imported_corpus):
    essay = Essay.objects.published().first()
    reader = Client()
    reader.get("/")
    assert cached("/")
    staff = get_user_model().objects.create_user("editor", is_staff=True)
    editor = Client()
    editor.force_login(staff)
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.DRAFT)
    # An update() sends no signal: the version stays, the reader's copy too.
    assert essay.title in reader.get("/").content.decode()
    assert reader.get(essay.get_absolute_url()).status_code == 404
    page = editor.get(essay.get_absolute_url())
    assert page.status_code == 200
    assert "草稿预览" in page.content.decode()
    assert not cached(essay.get_absolute_url())


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",  # never_cache
        "/essays/no-such-essay/",  # 404
        "/api/v1/topics",  # the API's own cache
    ],
)
def test_answers_that_must_not_be_kept_are_not(imported_corpus, client, path):
    client.get(path)
    assert not cached(path)


def test_a_reader_with_other_cookies_is_served_afresh(imported_corpus, client):
    client.cookies["messages"] = "something for this visitor"
    client.get("/")
    assert not cached("/")


def test_a_cached_search_still_counts_against_the_rate(
    imported_corpus, client, settings
):
    settings.API_ANON_RATE = "2/min"
    path = "/search/?q=统战"
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]


def test_http_and_https_copies_are_kept_apart(imported_corpus, client, settings):
    settings.SECURE_SSL_REDIRECT = False  # as behind a proxy that serves both
    secure = client.get("/sitemap.xml", secure=True).content.decode()
    plain = client.get("/sitemap.xml").content.decode()
    assert "https://" in secure and "https://" not in plain
