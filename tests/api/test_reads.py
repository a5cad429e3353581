"""Public reads: published content, trees, filters, pagination, query counts."""

import pytest

from essays.models import Essay, Point, Section, Topic

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path: str, status: int = 200, **params) -> dict:
    response = client.get(f"{API}{path}", params)
    assert response.status_code == status, response.content
    return response.json()


def test_essays_list_is_paginated_with_a_count(client, imported_corpus):
    page = get(client, "/essays", limit=2)
    assert page["count"] == 5
    assert len(page["items"]) == 2
    second = get(client, "/essays", limit=2, offset=2)
    assert {e["slug"] for e in page["items"]}.isdisjoint(
        e["slug"] for e in second["items"]
    )


def test_essays_list_filters(client, imported_samples):
    tongzhan = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    by_topic = get(client, "/essays", topic="tong-zhan-gong-zuo", limit=100)
    assert tongzhan.slug in [e["slug"] for e in by_topic["items"]]
    by_category = get(client, "/essays", category="suggestions", limit=100)
    assert all(
        Section.objects.filter(essay__slug=e["slug"], category="suggestions").exists()
        for e in by_category["items"]
    )
    by_collection = get(client, "/essays", collection=tongzhan.collection_id)
    assert by_collection["count"] == 5
    by_words = get(client, "/essays", q="统战")
    assert tongzhan.slug in [e["slug"] for e in by_words["items"]]
    ordered = get(client, "/essays", ordering="title", limit=100)["items"]
    assert [e["title"] for e in ordered] == sorted(e["title"] for e in ordered)


def test_essays_list_query_count_does_not_grow(
    client, imported_samples, django_assert_max_num_queries
):
    # page, count, topics; plus the content version the read cache keys on
    with django_assert_max_num_queries(4):
        page = get(client, "/essays", limit=100)
    assert page["count"] > 10


def test_essay_detail_is_the_whole_tree(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    tree = get(client, f"/essays/{essay.slug}")
    assert tree["title"] == "如何做好新时期的基层党群工作"
    assert tree["date"] == "2010-04-20"
    assert len(tree["lead"]) == 2 and len(tree["closing"]) == 1
    first = tree["sections"][0]
    assert (first["label"], first["number"], first["category"]) == (
        "第一部分:",
        1,
        "duties",
    )
    assert first["declared_count"] == 10
    fifth = first["points"][4]
    assert (fifth["label"], fifth["title"], fifth["anchor"]) == (
        "第五,",
        "要管作风。",
        "s1-p5",
    )
    assert [c["label"] for c in fifth["children"]] == ["一是", "二是"]
    assert fifth["children"][1]["anchor"] == "s1-p5-2"
    assert fifth["url"].endswith(f"/points/{fifth['id']}/")
    assert tree["url"].endswith(f"/essays/{essay.slug}/")


@pytest.mark.parametrize("position", [1, 3])
def test_essay_detail_query_count_is_fixed(
    client, imported_corpus, django_assert_max_num_queries, position
):
    essay = Essay.objects.get(position=position)
    with django_assert_max_num_queries(6):
        get(client, f"/essays/{essay.slug}")


def test_drafts_are_404(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    essay.status = Essay.Status.DRAFT
    essay.save()
    point = essay.points.first()
    assert "文章" in get(client, f"/essays/{essay.slug}", status=404)["detail"]
    get(client, f"/points/{point.pk}", status=404)
    get(client, f"/sections/{point.section_id}", status=404)
    assert essay.slug not in [e["slug"] for e in get(client, "/essays")["items"]]


def test_staff_tokens_may_read_drafts_others_may_not(
    client, imported_corpus, publisher, editor
):
    essay = Essay.objects.get(position=1)
    essay.status = Essay.Status.DRAFT
    essay.save()
    url = f"{API}/essays/{essay.slug}?include_drafts=true"
    assert client.get(url, **publisher).status_code == 200
    assert client.get(url, **editor).status_code == 403
    assert client.get(url).status_code == 403
    listed = client.get(
        f"{API}/essays?include_drafts=true&limit=100", **publisher
    ).json()
    assert essay.slug in [e["slug"] for e in listed["items"]]


def test_unknown_ids_are_404(client, imported_corpus):
    for path in ("/essays/nope", "/sections/999999", "/points/999999"):
        assert get(client, path, status=404)["detail"].startswith("没有找到")


def test_section_and_point_details(client, imported_corpus):
    section = Section.objects.get(essay__position=3, position=3)
    data = get(client, f"/sections/{section.pk}")
    assert data["title"] == "几点建议" and data["category"] == "suggestions"
    assert [p["label"] for p in data["points"]][:3] == ["(一)", "(二)", "(三)"]
    point = Point.objects.get(section=section, parent=None, position=1)
    tree = get(client, f"/points/{point.pk}")
    assert [c["label"] for c in tree["children"]] == ["一是", "二是", "三是"]


def test_points_list_filters_and_reading_order(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    page = get(client, "/points", essay=essay.slug, limit=100)
    assert page["count"] == essay.points.count()
    anchors = [p["anchor"] for p in page["items"]]
    assert anchors[:7] == [
        "s1-p1",
        "s1-p2",
        "s1-p3",
        "s1-p4",
        "s1-p5",
        "s1-p5-1",
        "s1-p5-2",
    ]
    suggestions = get(client, "/points", category="suggestions", limit=100)
    assert suggestions["count"] > 0
    assert all(
        Point.objects.get(pk=p["id"]).section.category == "suggestions"
        for p in suggestions["items"]
    )
    topic = get(client, "/points", topic="tong-zhan-gong-zuo", limit=5)
    assert all(
        "tong-zhan-gong-zuo" in [t["slug"] for t in p["topics"]] for p in topic["items"]
    )
    words = get(client, "/points", q="廉政")
    assert words["count"] >= 1


def test_points_list_query_count_does_not_grow(
    client, imported_samples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        page = get(client, "/points", limit=100)
    assert len(page["items"]) == 100


def test_topics_and_collections(client, imported_corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        topics = get(client, "/topics", limit=100)
    names = {t["name"]: t for t in topics["items"]}
    assert (
        names["统战工作"]["essay_count"] >= 1 and names["统战工作"]["point_count"] >= 1
    )
    collections = get(client, "/collections")
    assert collections["items"][0]["site"] == "写写帮文库"
    assert collections["items"][0]["essay_count"] == 5


def test_search_highlights_and_escapes(client, imported_corpus):
    hits = get(client, "/search", q="统战 建议")
    assert hits["count"] > 0
    marked = [
        h for h in hits["items"] if "<mark>" in h["title_html"] + h["snippet_html"]
    ]
    assert marked  # words may also match the section's or essay's title
    assert get(client, "/search", q="<b>不存在的词</b>")["count"] == 0
    get(client, "/search", status=422)  # q is required


def test_bad_parameters_are_422(client, imported_corpus):
    assert get(client, "/essays", status=422, ordering="nonsense")["detail"]
    get(client, "/essays", status=422, limit=0)
    get(client, "/essays", status=422, limit=1000)
    get(client, "/points", status=422, category="bogus")
    get(client, "/sections/abc", status=422)


def test_public_reads_are_cacheable_and_conditional(client, imported_corpus):
    response = client.get(f"{API}/essays")
    assert response["Cache-Control"] == "public, max-age=60"
    etag = response["ETag"]
    again = client.get(f"{API}/essays", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_token_reads_are_private(client, imported_corpus, editor):
    response = client.get(f"{API}/essays", **editor)
    assert response["Cache-Control"] == "private, no-cache"


def test_cors_allows_configured_origins_to_read(client, imported_corpus, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.org"]
    response = client.get(f"{API}/essays", HTTP_ORIGIN="https://portal.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://portal.example.org"
    other = client.get(f"{API}/essays", HTTP_ORIGIN="https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in other
    page = client.get("/", HTTP_ORIGIN="https://portal.example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_chinese_is_sent_as_characters(client, imported_corpus):
    assert "统战" in client.get(f"{API}/topics").content.decode()


def test_essay_detail_has_last_modified_and_answers_304(
    client, imported_corpus, editor
):
    import json
    import time

    essay = Essay.objects.get(position=1)
    url = f"{API}/essays/{essay.slug}"
    # Last-Modified waits for the second of the last change (the import) to end.
    time.sleep(1.1)
    first = client.get(url)
    stamp = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    time.sleep(1.1)  # HTTP dates count whole seconds
    point = essay.points.first()
    client.patch(
        f"{API}/points/{point.pk}",
        data=json.dumps({"title": "改过的标题。"}),
        content_type="application/json",
        **editor,
    )
    changed = client.get(url, HTTP_IF_MODIFIED_SINCE=stamp)
    assert changed.status_code == 200
    # None within the second of the change, a later date after it.
    assert changed.get("Last-Modified") != stamp


def test_anonymous_reads_are_cached_until_content_changes(
    client, imported_corpus, editor, django_assert_max_num_queries
):
    import json

    essay = Essay.objects.get(position=1)
    url = f"{API}/essays/{essay.slug}"
    first = client.get(url)
    with django_assert_max_num_queries(1):  # the content version only
        again = client.get(url)
    assert again.json() == first.json()
    assert again["Cache-Control"] == "public, max-age=60"
    client.patch(
        url,
        data=json.dumps({"title": "改过的标题"}),
        content_type="application/json",
        **editor,
    )
    with django_assert_max_num_queries(6):  # rendered again
        fresh = client.get(url)
    assert fresh.json()["title"] == "改过的标题"


def test_cached_reads_still_count_against_the_rate_limit(
    client, imported_corpus, settings
):
    settings.API_ANON_RATE = "2/min"
    url = f"{API}/topics"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


def test_a_draft_only_collection_or_topic_reads_like_an_unknown_one(
    client, imported_corpus
):
    imported_corpus.essays.update(status=Essay.Status.DRAFT)
    Essay.objects.get(position=1).topics.add("只在草稿里的主题")
    slug = Topic.objects.get(name="只在草稿里的主题").slug
    assert get(client, "/essays", collection=imported_corpus.pk) == get(
        client, "/essays", collection=999999
    )
    assert get(client, "/essays", topic=slug) == get(client, "/essays", topic="nope")
    assert get(client, "/points", topic=slug) == get(client, "/points", topic="nope")
    assert slug not in [t["slug"] for t in get(client, "/topics", limit=100)["items"]]
    assert get(client, "/collections")["count"] == 0


def test_staff_tokens_list_draft_topics_and_collections_when_asked(
    client, imported_corpus, publisher, editor
):
    imported_corpus.essays.update(status=Essay.Status.DRAFT)
    url = f"{API}/collections?include_drafts=true"
    collections = client.get(url, **publisher).json()
    assert [c["id"] for c in collections["items"]] == [imported_corpus.pk]
    assert collections["items"][0]["essay_count"] == 5
    topics = client.get(f"{API}/topics?include_drafts=true&limit=100", **publisher)
    assert "统战工作" in [t["name"] for t in topics.json()["items"]]
    assert client.get(url, **editor).status_code == 403
    assert get(client, "/topics")["count"] == 0


def test_draft_only_edits_do_not_show_in_public_headers(client, imported_corpus):
    draft = Essay.objects.get(position=2)
    draft.status = Essay.Status.DRAFT
    draft.save()
    url = f"{API}/essays?limit=100"
    first, again = client.get(url), client.get(url)
    draft.title = "草稿里改过的标题"
    draft.save()
    after = client.get(url)
    # Date, the request's id and the rate limit's counters change with every
    # request, not content.
    seen = [
        {
            k: v
            for k, v in r.items()
            if k not in ("Date", "X-Request-ID") and not k.startswith("RateLimit")
        }
        for r in (first, again, after)
    ]
    assert seen[0] == seen[1] == seen[2]
    assert first.content == again.content == after.content


@pytest.mark.parametrize(
    "path",
    ["/topics?limit=100", "/collections", "/points?topic=tong-zhan-gong-zuo&limit=100"],
)
def test_list_query_counts_are_fixed(
    client, imported_samples, django_assert_max_num_queries, path
):
    # content version, page, count, and a prefetch of topics for points
    with django_assert_max_num_queries(4):
        assert get(client, path)["count"] > 0


def test_section_and_point_trees_take_fixed_queries(
    client, imported_corpus, django_assert_max_num_queries
):
    section = max(Section.objects.all(), key=lambda section: section.points.count())
    point = section.points.filter(parent=None).first()
    with django_assert_max_num_queries(4):  # version, section, points, topics
        assert get(client, f"/sections/{section.pk}")["points"]
    with django_assert_max_num_queries(5):  # and the point's section id
        assert get(client, f"/points/{point.pk}")["id"] == point.pk
