"""Writes with a token: permissions, validation, order, topics, publishing."""

import json

import pytest

from essays.models import ApiToken, Essay, Point, Section

pytestmark = pytest.mark.django_db

API = "/api/v1"


def send(client, method: str, path: str, body=None, auth=None, status=200, **extra):
    data = json.dumps(body) if body is not None else None
    response = getattr(client, method)(
        f"{API}{path}",
        data=data,
        content_type="application/json",
        **(auth or {}),
        **extra,
    )
    assert response.status_code == status, response.content
    return response.json() if response.content else None


@pytest.fixture
def essay(imported_corpus) -> Essay:
    return Essay.objects.get(position=1)


def test_writes_need_a_token(client, essay):
    body = {"title": "改"}
    detail = send(client, "patch", f"/essays/{essay.slug}", body, status=401)["detail"]
    assert "Bearer" in detail
    bad = {"HTTP_AUTHORIZATION": "Bearer kb_not-a-real-token"}
    send(client, "patch", f"/essays/{essay.slug}", body, auth=bad, status=401)


def test_tokens_in_the_url_are_ignored(client, essay, editor):
    token = editor["HTTP_AUTHORIZATION"].split()[1]
    send(
        client,
        "patch",
        f"/essays/{essay.slug}?token={token}",
        {"title": "改"},
        status=401,
    )


def test_revoked_tokens_are_refused(client, essay, editor):
    from django.utils import timezone

    ApiToken.objects.update(revoked_at=timezone.now())
    send(
        client,
        "patch",
        f"/essays/{essay.slug}",
        {"title": "改"},
        auth=editor,
        status=401,
    )


def test_read_only_tokens_cannot_write(client, essay, reader):
    detail = send(
        client,
        "patch",
        f"/essays/{essay.slug}",
        {"title": "改"},
        auth=reader,
        status=403,
    )["detail"]
    assert "只读" in detail
    send(client, "get", "/essays", auth=reader)  # but may read


def test_the_tokens_user_needs_the_permission(client, essay, nobody):
    detail = send(
        client,
        "patch",
        f"/essays/{essay.slug}",
        {"title": "改"},
        auth=nobody,
        status=403,
    )["detail"]
    assert "essays.change_essay" in detail


def test_last_use_is_recorded(client, essay, editor):
    send(client, "patch", f"/essays/{essay.slug}", {"author": "某书记"}, auth=editor)
    assert ApiToken.objects.get(user__username="editor").last_used_at is not None


def test_update_an_essay(client, essay, editor):
    data = send(
        client,
        "patch",
        f"/essays/{essay.slug}",
        {"title": "新标题", "lead": ["第一段。", "  第二段。 "]},
        auth=editor,
    )
    assert data["title"] == "新标题" and data["slug"] == essay.slug
    essay.refresh_from_db()
    assert essay.lead_paragraphs() == ["第一段。", "第二段。"]


def test_editors_cannot_publish_publishers_can(client, essay, editor, publisher):
    send(client, "post", f"/essays/{essay.slug}/unpublish", auth=editor, status=403)
    assert (
        send(client, "post", f"/essays/{essay.slug}/unpublish", auth=publisher)[
            "status"
        ]
        == "draft"
    )
    assert (
        send(client, "post", f"/essays/{essay.slug}/publish", auth=publisher)["status"]
        == "published"
    )


def test_create_and_delete_an_essay(client, essay, editor):
    body = {"collection": essay.collection_id, "title": "新的讲话"}
    created = send(client, "post", "/essays", body, auth=editor, status=201)
    assert created["slug"] == "xin-de-jiang-hua" and created["status"] == "draft"
    assert created["position"] == 6
    send(client, "delete", f"/essays/{created['slug']}", auth=editor, status=204)
    assert not Essay.objects.filter(slug="xin-de-jiang-hua").exists()


def test_a_taken_slug_is_409(client, essay, editor):
    body = {"collection": essay.collection_id, "title": "又一篇", "slug": essay.slug}
    assert (
        "已被占用"
        in send(client, "post", "/essays", body, auth=editor, status=409)["detail"]
    )


@pytest.mark.parametrize(
    "body",
    [
        {"title": "改", "unknown": 1},  # unknown fields are refused
        {"title": ""},  # too short
        {"title": "长" * 501},  # too long
        {"date": "not a date"},
        {"lead": "a string, not a list"},
    ],
)
def test_bodies_that_break_the_schema_are_422(client, essay, editor, body):
    send(client, "patch", f"/essays/{essay.slug}", body, auth=editor, status=422)


def test_a_body_that_is_not_json_is_400(client, essay, editor):
    response = client.patch(
        f"{API}/essays/{essay.slug}",
        data="{not json",
        content_type="application/json",
        **editor,
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_a_wrong_content_type_is_415(client, essay, editor):
    response = client.patch(
        f"{API}/essays/{essay.slug}",
        data="title=x",
        content_type="application/x-www-form-urlencoded",
        **editor,
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


def test_unknown_targets_are_404(client, essay, editor):
    send(client, "patch", "/essays/nope", {"title": "改"}, auth=editor, status=404)
    send(client, "patch", "/points/999999", {"title": "改"}, auth=editor, status=404)
    send(client, "delete", "/sections/999999", auth=editor, status=404)


def test_add_a_section_and_points_at_positions(client, essay, editor):
    section = send(
        client,
        "post",
        f"/essays/{essay.slug}/sections",
        {"title": "几点注意事项", "label": "四、", "number": 4},
        auth=editor,
        status=201,
    )
    assert (section["position"], section["category"]) == (4, "cautions")
    first = send(
        client,
        "post",
        f"/sections/{section['id']}/points",
        {"title": "要讲团结。", "label": "1、", "number": 1},
        auth=editor,
        status=201,
    )
    send(
        client,
        "post",
        f"/sections/{section['id']}/points",
        {"title": "要讲方法。", "label": "1、", "number": 1, "position": 1},
        auth=editor,
        status=201,
    )
    sub = send(
        client,
        "post",
        f"/sections/{section['id']}/points",
        {"title": "一是讲原则。", "label": "一是", "number": 1, "parent": first["id"]},
        auth=editor,
        status=201,
    )
    assert sub["parent"] == first["id"] and sub["anchor"] == "s4-p2-1"
    titles = [
        p.title
        for p in Point.objects.filter(section_id=section["id"], parent=None).order_by(
            "position"
        )
    ]
    assert titles == ["要讲方法。", "要讲团结。"]


def test_reorder_points_and_renumber(client, essay, editor):
    section = Section.objects.get(essay=essay, position=2)
    ids = list(
        section.points.filter(parent=None)
        .order_by("position")
        .values_list("id", flat=True)
    )
    new_order = [ids[-1], *ids[:-1]]
    result = send(
        client,
        "put",
        f"/sections/{section.pk}/points/order",
        {"ids": new_order, "renumber": True},
        auth=editor,
    )
    assert result == new_order
    moved = Point.objects.get(pk=ids[-1])
    assert (moved.position, moved.label, moved.number) == (1, "一要", 1)


def test_reorder_with_missing_ids_is_409(client, essay, editor):
    section = Section.objects.get(essay=essay, position=2)
    ids = list(section.points.filter(parent=None).values_list("id", flat=True))
    send(
        client,
        "put",
        f"/sections/{section.pk}/points/order",
        {"ids": ids[:-1]},
        auth=editor,
        status=409,
    )


def test_delete_a_point_closes_the_gap(client, essay, publisher):
    # The essay is published: deleting its points is a publisher's act.
    section = Section.objects.get(essay=essay, position=1)
    first = section.points.get(parent=None, position=1)
    send(client, "delete", f"/points/{first.pk}", auth=publisher, status=204)
    positions = list(
        section.points.filter(parent=None)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, len(positions) + 1))


def test_set_topics(client, essay, editor):
    point = essay.points.first()
    data = send(
        client,
        "put",
        f"/points/{point.pk}/topics",
        {"topics": ["干部管理", "新主题"]},
        auth=editor,
    )
    assert sorted(t["name"] for t in data["topics"]) == ["干部管理", "新主题"]
    essay_data = send(
        client,
        "put",
        f"/essays/{essay.slug}/topics",
        {"topics": ["统战工作"]},
        auth=editor,
    )
    assert [t["slug"] for t in essay_data["topics"]] == ["tong-zhan-gong-zuo"]


def test_write_rate_limit_is_429_with_retry_after(client, essay, editor, settings):
    settings.API_TOKEN_RATE = "2/min"
    for _ in range(2):
        send(client, "patch", f"/essays/{essay.slug}", {"author": "甲"}, auth=editor)
    response = client.patch(
        f"{API}/essays/{essay.slug}",
        data=json.dumps({"author": "乙"}),
        content_type="application/json",
        **editor,
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    essay.refresh_from_db()
    assert essay.author == "甲"


def test_anonymous_rate_limit_is_per_address(client, imported_corpus, settings):
    settings.API_ANON_RATE = "2/min"
    assert client.get(f"{API}/topics").status_code == 200
    assert client.get(f"{API}/topics").status_code == 200
    assert client.get(f"{API}/topics").status_code == 429
    other = client.get(f"{API}/topics", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"collection": True, "title": "真假"},
        {"collection": "1", "title": "字符串"},
        {"collection": 1, "title": "   "},
        {"collection": 1, "title": "含\u0000空字符"},
    ],
)
def test_create_refuses_loose_types_blank_titles_and_nul(client, essay, editor, body):
    send(client, "post", "/essays", body, auth=editor, status=422)


def test_a_nul_in_the_url_is_400_not_a_database_error(client, essay):
    response = client.get(f"{API}/search?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert client.get("/search/?q=a%00b").status_code == 400


def test_an_oversized_write_body_is_413(client, essay, editor):
    response = client.patch(
        f"{API}/essays/{essay.slug}",
        data=json.dumps({"author": "长" * (3 * 1024 * 1024)}),
        content_type="application/json",
        **editor,
    )
    assert response.status_code == 413


def test_not_found_says_what_is_missing(client, essay, editor):
    body = {"collection": 999999, "title": "无处安放"}
    detail = send(client, "post", "/essays", body, auth=editor, status=404)["detail"]
    assert "汇编" in detail


def test_rate_limits_are_counted_in_redis_when_configured(
    client, imported_corpus, settings
):
    """With REDIS_URL set every worker counts in the same place."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    }
    settings.API_ANON_RATE = "1/min"
    from django.core.cache import cache

    cache.clear()
    try:
        assert client.get(f"{API}/topics").status_code == 200
        assert client.get(f"{API}/topics").status_code == 429
        keys = redis.Redis.from_url(url).keys("*throttle_anonymous*")
        assert keys, "the counter lives in Redis"
    finally:
        cache.clear()


def test_deleting_a_published_essay_needs_the_publish_permission(
    client, essay, editor, publisher
):
    send(client, "delete", f"/essays/{essay.slug}", auth=editor, status=403)
    send(client, "delete", f"/essays/{essay.slug}", auth=publisher, status=204)


def test_an_integer_valued_float_is_an_integer(client, essay, editor):
    # JSON Schema's "integer" admits 143.0; 143.5 and "143" stay refused.
    created = send(
        client,
        "post",
        "/essays",
        {"collection": float(essay.collection_id), "title": "整数的浮点写法"},
        auth=editor,
        status=201,
    )
    assert created["collection"]["id"] == essay.collection_id
    for bad in (essay.collection_id + 0.5, str(essay.collection_id)):
        send(
            client,
            "post",
            "/essays",
            {"collection": bad, "title": "不是整数"},
            auth=editor,
            status=422,
        )
