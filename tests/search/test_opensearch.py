"""The OpenSearch backend: request building against responses written from
the documented _search API (no cluster runs here; docs/deploy.md). With
OPENSEARCH_URL set, the same queries run against a real cluster and must
agree with the database engine."""

import os

import pytest
from django.test import override_settings

from essays.models import Essay
from essays.search import backends
from essays.search.backends.opensearch import (
    OpenSearchBackend,
    read_response,
    request_body,
)
from essays.search.models import Entry
from essays.search.plan import Filters, Plan
from tests.search.conftest import everything, keys

pytestmark = pytest.mark.django_db

# A response as documented for POST /<index>/_search with a terms aggregation.
RECORDED = {
    "took": 3,
    "timed_out": False,
    "hits": {
        "total": {"value": 2, "relation": "eq"},
        "max_score": 112.5,
        "hits": [
            {"_index": "kb-search", "_id": "{first}", "_score": 112.5},
            {"_index": "kb-search", "_id": "{second}", "_score": 3.25},
        ],
    },
    "aggregations": {
        "kinds": {
            "doc_count_error_upper_bound": 0,
            "sum_other_doc_count": 0,
            "buckets": [
                {"key": "point", "doc_count": 1},
                {"key": "essay", "doc_count": 1},
            ],
        }
    },
}


class RecordingClient:
    def __init__(self, response: dict) -> None:
        self.response, self.requests = response, []

    def search(self, *, index: str, body: dict) -> dict:
        self.requests.append((index, body))
        return self.response


def test_request_body_for_words_phrases_exclusions_and_filters():
    plan = Plan(
        clauses=[("统战工作",), ("件事", "10件事")],
        contains=["10件事"],
        excluded=["信访"],
        boosts=["统战工作"],
        phrases=["统战工作10件事"],
        filters=Filters(kind="point", topic_id=3, category="methods"),
    )
    body = request_body(plan, offset=20, limit=10, essay_ids=[1, 2])
    query = body["query"]["bool"]
    assert body["from"] == 20 and body["size"] == 10
    first = query["must"][0]["bool"]["should"]
    assert {"term": {"title_tokens": "统战工作"}} in first
    assert {"term": {"body_tokens": "统战工作"}} in first
    assert len(query["must"]) == 3  # two clauses and the substring check
    assert query["must_not"][0]["bool"]["should"][0] == {
        "wildcard": {"title": {"value": "*信访*"}}
    }
    assert {"terms": {"essay_id": [1, 2]}} in query["filter"]
    assert {"term": {"topic_ids": 3}} in query["filter"]
    # The kind filter is applied after the per-kind counts are taken.
    assert body["post_filter"] == {"term": {"kind": "point"}}
    assert not any("kind" in c.get("term", {}) for c in query["filter"])


def test_read_response():
    matches = read_response(
        {**RECORDED, "hits": {**RECORDED["hits"], "hits": [{"_id": "7", "_score": 2}]}}
    )
    assert matches.ranked == [(7, 2.0)]
    assert matches.counts == {"point": 1, "essay": 1}


def test_search_through_the_backend_setting(corpus, monkeypatch):
    point = Entry.objects.filter(kind="point").first()
    essay = Entry.objects.filter(kind="essay").first()
    response = {
        **RECORDED,
        "hits": {
            **RECORDED["hits"],
            "hits": [
                {"_id": str(point.pk), "_score": 112.5},
                {"_id": "999999", "_score": 50},  # deleted since: skipped
                {"_id": str(essay.pk), "_score": 3.25},
            ],
        },
    }
    client = RecordingClient(response)
    monkeypatch.setitem(
        backends._cluster, "opensearch", OpenSearchBackend(client, "kb-search")
    )
    with override_settings(SEARCH_BACKEND="opensearch"):
        results = everything("统战工作")
    assert results.backend == "opensearch"
    assert [(h.kind, h.object_id) for h in results.hits] == [
        ("point", point.point_id),
        ("essay", essay.essay_id),
    ]
    assert results.total == 2
    index, body = client.requests[0]
    published = set(Essay.objects.published().values_list("pk", flat=True))
    visible = next(c for c in body["query"]["bool"]["filter"] if "terms" in c)
    assert index == "kb-search" and set(visible["terms"]["essay_id"]) == published


@pytest.mark.skipif(not os.environ.get("OPENSEARCH_URL"), reason="no OPENSEARCH_URL")
@pytest.mark.parametrize(
    "query", ["统战工作", "群眾工作", "十件事", "桂东", '"群众工作" -信访', "统战 制度"]
)
def test_a_real_cluster_agrees_with_the_database(corpus, query):
    expected = keys(everything(query))
    with override_settings(SEARCH_BACKEND="opensearch"):
        backends._cluster.clear()
        backends.get_search_backend().rebuild()
        assert keys(everything(query)) == expected
