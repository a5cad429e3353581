"""Readers' pages rendered once per content version (essays/pagecache.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory

from essays import content_version, selectors
from essays.models import Essay, Point
from essays.pagecache import page_key, shows_essays, stamp_for
from essays.services import editing, publishing
from essays.services.recording import COMMAND

PAGE_CACHE = "essays.pagecache.AnonymousPageCache"


@pytest.fixture(autouse=True)
def page_cache(settings):
    """The middleware where its docstring asks for it, if settings lack it."""
    if PAGE_CACHE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        after = middleware.index("essays.middleware.ReplicaReads")
        middleware.insert(after + 1, PAGE_CACHE)
        settings.MIDDLEWARE = middleware


def cached(path: str) -> bool:
    request = RequestFactory().get(path)
    return cache.get(page_key(request)) is not None


def test_a_second_visit_costs_one_query_and_gets_the_same_page(
    imported_corpus, client, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(1):  # the versions
        assert client.get("/").status_code == 200
    essay = Essay.objects.published().first()
    first = client.get(essay.get_absolute_url())
    with django_assert_num_queries(1):  # the versions and essay's counter
        second = client.get(essay.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert "Cookie" in second["Vary"]


def test_a_copy_carries_every_header_its_page_was_answered_with(
    imported_corpus, client, settings
):
    # The copy is kept before the headers' middleware run (security, CSP,
    # sessions, ETag…), so a hit skips them: what they add must be in it.
    settings.SECURE_HSTS_SECONDS = 3600
    essay = Essay.objects.published().first()
    for secure in (False, True):
        first = client.get(essay.get_absolute_url(), secure=secure)
        second = client.get(essay.get_absolute_url(), secure=secure)
        assert first.context is not None and second.context is None
        per_request = {"X-Request-ID"}
        assert {k: v for k, v in first.items() if k not in per_request} == {
            k: v for k, v in second.items() if k not in per_request
        }
        assert second.content == first.content
        assert ("Strict-Transport-Security" in second) is secure
    kept = ("ETag", "Content-Security-Policy", "Permissions-Policy")
    kept += ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")
    for name in kept:
        assert name in second, name


def test_a_conditional_visit_to_a_kept_page_gets_304(imported_corpus, client):
    first = client.get("/essays/")
    again = client.get("/essays/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.context is None
    assert again["ETag"] == first["ETag"]
    # The same policies as a 304 from a page rendered afresh (a reader with
    # other cookies gets no kept copy).
    fresh = Client(HTTP_IF_NONE_MATCH=first["ETag"])
    fresh.cookies["messages"] = "something for this reader"
    rendered_304 = fresh.get("/essays/")
    assert rendered_304.status_code == 304 and rendered_304.context is not None
    for name in ("Content-Security-Policy", "Permissions-Policy", "Referrer-Policy"):
        assert again[name] == rendered_304[name], name
    assert "Content-Type" not in again
    assert client.get("/essays/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    editing.update(
        Essay.objects.published().first(), actor=None, channel=COMMAND, title="新标题"
    )
    changed = client.get("/essays/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed.context is not None


def test_an_unknown_host_is_refused_with_the_sites_headers(imported_corpus):
    client = Client(raise_request_exception=False)
    client.get("/")
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Content-Security-Policy" in response


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
    answers = [client.get(path) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[1].context is None  # the copy, counted
    refused = answers[2]
    assert int(refused["Retry-After"]) > 0
    assert "Content-Security-Policy" in refused
    assert "请求太频繁" in refused.content.decode()


def test_http_and_https_copies_are_kept_apart(imported_corpus, client, settings):
    settings.SECURE_SSL_REDIRECT = False  # as behind a proxy that serves both
    secure = client.get("/sitemap.xml", secure=True).content.decode()
    plain = client.get("/sitemap.xml").content.decode()
    assert "https://" in secure and "https://" not in plain


# Pages kept by the essays they show (issue 17).


def rendered(client, path: str) -> bool:
    """Whether this visit rendered the page (a copy is served without views)."""
    response = client.get(path)
    assert response.status_code == 200
    return response.context is not None


def test_an_edit_elsewhere_keeps_an_essays_page_and_renders_lists(
    imported_corpus, client
):
    essay, other = Essay.objects.published().order_by("position")[:2]
    for path in (essay.get_absolute_url(), "/", "/topics/"):
        assert rendered(client, path)
    editing.update(other, actor=None, channel=COMMAND, title="另一篇改过的标题")
    assert not rendered(client, essay.get_absolute_url())
    assert rendered(client, "/")  # lists show every essay: any write
    assert "另一篇改过的标题" in client.get("/essays/").content.decode()
    point = Point.objects.filter(essay=essay).first()
    editing.update(point, actor=None, channel=COMMAND, title="本篇改过的要点")
    page = client.get(essay.get_absolute_url())
    assert page.context is not None and "本篇改过的要点" in page.content.decode()


def test_a_point_page_follows_its_related_points_essays(imported_corpus, client):
    # A point whose related points come from another essay.
    point, related = next(
        (p, page.related)
        for p in Point.objects.published().filter(topics__isnull=False)
        for page in [selectors.point_page(p.pk)]
        if any(other.essay_id != p.essay_id for other in page.related)
    )
    assert rendered(client, point.get_absolute_url())
    assert not rendered(client, point.get_absolute_url())
    shown = next(other for other in related if other.essay_id != point.essay_id)
    editing.update(shown, actor=None, channel=COMMAND, title="相关要点的新标题")
    page = client.get(point.get_absolute_url())
    assert page.context is not None  # rendered afresh
    assert "相关要点的新标题" in page.content.decode()
    # An essay none of it shows: the copy stays.
    shown_essays = {point.essay_id, *(p.essay_id for p in related)}
    unrelated = Essay.objects.published().exclude(pk__in=shown_essays).first()
    editing.update(unrelated, actor=None, channel=COMMAND, title="无关的标题")
    assert not rendered(client, point.get_absolute_url())


def test_unpublishing_another_essay_renders_every_page_afresh(imported_corpus, client):
    essay, other = Essay.objects.published().order_by("position")[:2]
    assert rendered(client, essay.get_absolute_url())
    chief = get_user_model().objects.create_superuser("chief")
    publishing.unpublish_essays([other], actor=chief, channel=COMMAND)
    assert rendered(client, essay.get_absolute_url())
    assert client.get(other.get_absolute_url()).status_code == 404


def test_a_copy_is_not_kept_when_a_write_counts_during_its_rendering(
    imported_corpus,
):
    essay = Essay.objects.published().first()
    request = RequestFactory().get(essay.get_absolute_url())
    version, structure, _ = content_version.snapshot()
    shows_essays(request, [essay.pk])
    assert stamp_for(request, version, structure) == (
        "essays",
        structure,
        content_version.essay_versions([essay.pk]),
    )
    content_version.bump(essays=[essay.pk])  # a write commits meanwhile
    assert stamp_for(request, version, structure) is None


def test_one_statement_reads_the_versions_and_the_essays_counters(
    imported_corpus, django_assert_num_queries
):
    essays = list(Essay.objects.order_by("pk")[:2])
    content_version.bump(essays=[essays[0].pk])
    with django_assert_num_queries(1):
        version, structure, counters = content_version.snapshot(
            [essays[1].pk, essays[0].pk, essays[0].pk]
        )
    assert (version, structure) == content_version.versions()
    assert counters == content_version.essay_versions(e.pk for e in essays)
    assert counters[essays[0].pk] >= 1 and list(counters) == sorted(counters)
    assert content_version.snapshot()[2] == {}


def test_topic_counts_are_counted_once_per_version_and_follow_writes(
    imported_corpus, django_assert_num_queries
):
    counts = selectors.public_topic_counts()
    with django_assert_num_queries(1):  # the content version; counts cached
        assert selectors.public_topic_counts() == counts
    busiest = counts[0]
    point = Point.objects.published().filter(topics__isnull=True).first()
    point.topics.add(busiest.name)
    after = {topic.pk: topic.point_count for topic in selectors.public_topic_counts()}
    assert after[busiest.pk] == busiest.point_count + 1


def test_a_topic_page_is_kept_until_an_essay_it_lists_changes(imported_corpus, client):
    from essays import topic_pages

    topic = selectors.public_topic_counts()[0]
    path = topic.get_absolute_url()
    assert rendered(client, path)
    page = topic_pages.topic_page(topic.slug)
    listed = {essay.pk for essay in page.essays} | {g.essay.pk for g in page.groups}
    elsewhere = Essay.objects.published().exclude(pk__in=listed).first()
    editing.update(elsewhere, actor=None, channel=COMMAND, title="未列出的文章")
    assert not rendered(client, path)
    point = Point.objects.get(pk=page.groups[0].sections[0].runs[0].points[0].pk)
    editing.update(point, actor=None, channel=COMMAND, title="主题页上的新标题")
    response = client.get(path)
    assert response.context is not None
    assert "主题页上的新标题" in response.content.decode()
    before = response.context["page"].point_count
    point.topics.clear()  # the topic's structure: which points hold it
    response = client.get(path)
    assert response.context is not None
    assert response.context["page"].point_count == before - 1
