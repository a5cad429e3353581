"""What integrators expect of every endpoint (issue 12): strict query strings,
Link and RateLimit headers, If-Match, safe Last-Modified, CORS, sync filters.
"""

import json
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from essays.models import Essay, Point, Section
from tests.api.conftest import bearer, make_token

pytestmark = pytest.mark.django_db

API = "/api/v1"


def send(client, method: str, path: str, body=None, **headers):
    data = json.dumps(body) if body is not None else ""
    return client.generic(
        method.upper(),
        f"{API}{path}",
        data,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def essay(imported_corpus) -> Essay:
    return Essay.objects.get(position=1)


@pytest.mark.parametrize(
    "path",
    ["/essays?limt=5", "/points?categroy=duties", "/topics?x=1", "/collections?q=1"],
)
def test_unknown_query_parameters_are_refused(client, imported_corpus, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"][0] == "query" and len(error["loc"]) == 2


def test_unknown_query_parameters_are_refused_on_details_and_writes(
    client, essay, publisher
):
    assert client.get(f"{API}/essays/{essay.slug}?foo=1").status_code == 422
    refused = send(client, "patch", f"/essays/{essay.slug}?foo=1", {}, **publisher)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["query", "foo"]
    assert Essay.objects.get(pk=essay.pk).title == essay.title


def test_422_loc_names_where_and_which_field(client, essay, publisher):
    patched = send(client, "patch", f"/essays/{essay.slug}", {"title": ""}, **publisher)
    assert patched.json()["errors"][0]["loc"] == ["body", "title"]
    document = "第一篇 文章\n" * 500
    imported = send(
        client, "post", "/imports", {"text": document, "bogus": 1}, **publisher
    )
    assert imported.status_code == 422
    assert imported.json()["errors"][0]["loc"] == ["body", "bogus"]
    assert document not in imported.content.decode()


def test_reordering_an_empty_list_is_a_422(client, essay, publisher):
    section = essay.sections.get(position=1)
    response = send(
        client, "put", f"/sections/{section.pk}/points/order", {"ids": []}, **publisher
    )
    assert response.status_code == 422
    empty = Section.objects.create(essay=essay, position=99, title="空")
    response = send(
        client, "put", f"/sections/{empty.pk}/points/order", {"ids": []}, **publisher
    )
    assert response.status_code == 422


def test_lists_link_to_the_next_and_previous_pages(client, imported_corpus):
    first = client.get(f"{API}/essays?limit=2")
    assert 'rel="next"' in first["Link"] and 'rel="prev"' not in first["Link"]
    assert "offset=2" in first["Link"] and "limit=2" in first["Link"]
    middle = client.get(f"{API}/essays?limit=2&offset=2")
    assert 'rel="next"' in middle["Link"] and 'rel="prev"' in middle["Link"]
    last = client.get(f"{API}/essays?limit=2&offset=4")
    assert 'rel="next"' not in last["Link"]
    assert "Link" not in client.get(f"{API}/essays?limit=100")


@override_settings(API_ANON_RATE="2/min")
def test_rate_limit_headers_and_retry_after(client, imported_corpus):
    first = client.get(f"{API}/topics")
    assert first["RateLimit-Limit"] == "2"
    assert first["RateLimit-Remaining"] == "1"
    assert 0 < int(first["RateLimit-Reset"]) <= 60
    assert client.get(f"{API}/topics")["RateLimit-Remaining"] == "0"
    refused = client.get(f"{API}/topics")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused["RateLimit-Remaining"] == "0"
    assert refused.json()["code"]


def test_if_match_detects_a_lost_update(client, essay, publisher):
    read = client.get(f"{API}/essays/{essay.slug}", **publisher)
    etag = read["ETag"]
    first = send(
        client, "patch", f"/essays/{essay.slug}", {"author": "甲"},
        HTTP_IF_MATCH=etag, **publisher,
    )  # fmt: skip
    assert first.status_code == 200, first.content
    second = send(
        client, "patch", f"/essays/{essay.slug}", {"author": "乙"},
        HTTP_IF_MATCH=etag, **publisher,
    )  # fmt: skip
    assert second.status_code == 412
    assert second.json()["code"] == "precondition_failed"
    assert Essay.objects.get(pk=essay.pk).author == "甲"
    fresh = client.get(f"{API}/essays/{essay.slug}", **publisher)["ETag"]
    assert fresh != etag
    third = send(
        client, "patch", f"/essays/{essay.slug}", {"author": "乙"},
        HTTP_IF_MATCH=fresh, **publisher,
    )  # fmt: skip
    assert third.status_code == 200


def test_if_match_guards_points_sections_and_actions(client, essay, publisher):
    section = essay.sections.get(position=1)
    point = section.points.filter(parent=None).first()
    stale = {"HTTP_IF_MATCH": '"stale"', **publisher}
    assert send(client, "patch", f"/points/{point.pk}", {}, **stale).status_code == 412
    assert send(client, "delete", f"/sections/{section.pk}", **stale).status_code == 412
    unpublish = send(client, "post", f"/essays/{essay.slug}/unpublish", **stale)
    assert unpublish.status_code == 412
    tag = client.get(f"{API}/points/{point.pk}")["ETag"]
    current = {"HTTP_IF_MATCH": tag, **publisher}
    assert (
        send(client, "patch", f"/points/{point.pk}", {}, **current).status_code == 200
    )
    anything = {"HTTP_IF_MATCH": "*", **publisher}
    assert (
        send(client, "patch", f"/points/{point.pk}", {}, **anything).status_code == 200
    )


def test_no_last_modified_while_its_second_lasts(client, essay, publisher):
    send(client, "patch", f"/essays/{essay.slug}", {"author": "甲"}, **publisher)
    fresh = client.get(f"{API}/essays/{essay.slug}")
    changed = Essay.objects.get(pk=essay.pk).updated_at.timestamp()
    if int(changed) == int(time.time()):
        assert "Last-Modified" not in fresh


def test_if_modified_since_never_hides_a_write_in_the_same_second(
    client, essay, publisher
):
    url = f"{API}/essays/{essay.slug}"
    stale_304s = 0
    for round_ in range(5):
        send(
            client,
            "patch",
            f"/essays/{essay.slug}",
            {"author": f"甲{round_}"},
            **publisher,
        )
        seen = client.get(url)
        since = seen.get("Last-Modified")
        send(
            client,
            "patch",
            f"/essays/{essay.slug}",
            {"author": f"乙{round_}"},
            **publisher,
        )
        if since and client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304:
            stale_304s += 1
    assert stale_304s == 0


@override_settings(API_READ_CACHE=False)
def test_last_modified_is_sent_once_its_second_is_over(client, essay):
    Essay.objects.filter(pk=essay.pk).update(
        updated_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    Section.objects.filter(essay=essay).update(
        updated_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    Point.objects.filter(essay=essay).update(
        updated_at=timezone.now() - timezone.timedelta(minutes=5)
    )
    response = client.get(f"{API}/essays/{essay.slug}")
    assert "Last-Modified" in response
    again = client.get(
        f"{API}/essays/{essay.slug}", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert again.status_code == 304


@override_settings(CORS_ALLOWED_ORIGINS=["https://mirror.example"])
def test_cors_exposes_and_allows_the_convention_headers(client, imported_corpus):
    origin = {"HTTP_ORIGIN": "https://mirror.example"}
    response = client.get(f"{API}/essays?limit=1", **origin)
    exposed = {
        h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"etag", "link", "retry-after", "ratelimit-remaining"} <= exposed
    preflight = client.options(
        f"{API}/essays",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-match",
        **origin,
    )
    allowed = preflight["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "if-match" in allowed


def test_points_are_listed_in_reading_order_at_any_depth(client, essay):
    section = essay.sections.get(position=1)
    Point.objects.filter(section=section).delete()
    made = {}

    def add(name, position, parent=None):
        made[name] = Point.objects.create(
            essay=essay, section=section, parent=parent, position=position, title=name
        )

    add("一", 1)
    add("一.1", 1, made["一"])
    add("一.1.1", 1, made["一.1"])
    add("一.1.1.1", 1, made["一.1.1"])
    add("一.1.2", 2, made["一.1"])
    add("一.2", 2, made["一"])
    add("二", 2)
    items = client.get(f"{API}/points?essay={essay.slug}&limit=100").json()["items"]
    titles = [item["title"] for item in items if item["section"] == section.pk]
    assert titles == ["一", "一.1", "一.1.1", "一.1.1.1", "一.1.2", "一.2", "二"]


@override_settings(API_READ_CACHE=False)  # rows are aged behind the cache's back
def test_every_list_filters_by_updated_since(client, essay, publisher):
    later = timezone.now() + timezone.timedelta(seconds=1)
    since = later.isoformat().replace("+00:00", "Z")
    for path in ("/essays", "/points", "/topics", "/collections"):
        page = client.get(f"{API}{path}", {"updated_since": since}).json()
        assert page["count"] == 0, path
    point = Point.objects.filter(essay=essay).first()
    Point.objects.filter(pk=point.pk).update(
        updated_at=later + timezone.timedelta(seconds=5)
    )
    essays = client.get(f"{API}/essays", {"updated_since": since}).json()
    assert [e["slug"] for e in essays["items"]] == [essay.slug]
    points = client.get(f"{API}/points", {"updated_since": since}).json()
    assert [p["id"] for p in points["items"]] == [point.pk]
    naive = client.get(f"{API}/points", {"updated_since": since.rstrip("Z")}).json()
    assert naive["count"] == 1
    token = make_token("someone", [])
    assert (
        client.get(f"{API}/essays?updated_since=yesterday", **bearer(token)).status_code
        == 422
    )


def test_query_flags_of_an_import_hold_whatever_the_body(client, publisher):
    from essays.models import Collection
    from tests.conftest import BUNDLED

    body = {"text": BUNDLED.read_text(encoding="utf-8")}
    dry = send(client, "post", "/imports?dry_run=true", body, **publisher)
    assert dry.status_code == 200 and "documents" in dry.json()
    assert not Collection.objects.exists()
    bad = send(client, "post", "/imports?dry_run=maybe", body, **publisher)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "dry_run"]
    long_name = send(
        client, "post", f"/imports?filename={'x' * 201}", body, **publisher
    )
    assert long_name.status_code == 422


def test_head_carries_the_etag_a_get_does(client, essay, publisher):
    """The README's If-Match example reads the tag with HEAD (curl -I)."""
    url = f"{API}/essays/{essay.slug}"
    head, get = client.head(url), client.get(url)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
    changed = send(
        client, "patch", f"/essays/{essay.slug}", {"author": "甲"},
        HTTP_IF_MATCH=head["ETag"], **publisher,
    )  # fmt: skip
    assert changed.status_code == 200, changed.content
