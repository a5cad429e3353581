"""OpenSearch: the same entries and jieba tokens, in a cluster (docs/deploy.md).

Documents carry the tokens in fields analysed by the whitespace analyzer, so
the cluster needs no Chinese plugin and agrees with the database engines.
Visibility stays the model's: the query is restricted to the ids of
`Essay.objects.published()`. Hits are entry ids, loaded from the database;
an id whose entry is gone (deleted since) is skipped by the caller.
"""

from django.conf import settings

from essays.search.backends.base import (
    KIND_BONUS,
    PHRASE_BONUS,
    TITLE_BONUS,
    Matches,
    SearchBackend,
)
from essays.search.plan import Plan

MAPPING = {
    "settings": {"analysis": {"analyzer": {"tokens": {"type": "whitespace"}}}},
    "mappings": {
        "properties": {
            "kind": {"type": "keyword"},
            "essay_id": {"type": "long"},
            "collection_id": {"type": "long"},
            "category": {"type": "keyword"},
            "topic_ids": {"type": "long"},
            "title_tokens": {"type": "text", "analyzer": "tokens"},
            "body_tokens": {"type": "text", "analyzer": "tokens"},
            "title": {"type": "wildcard"},
            "body": {"type": "wildcard"},
        }
    },
}


def document(entry) -> dict:
    return {
        "kind": entry.kind,
        "essay_id": entry.essay_id,
        "collection_id": entry.collection_id,
        "category": entry.category,
        "topic_ids": [int(t) for t in entry.topic_ids.split()],
        "title_tokens": entry.title_tokens,
        "body_tokens": entry.body_tokens,
        "title": entry.title,
        "body": entry.body,
    }


def contains(text: str) -> dict:
    pattern = "*" + text.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    return {
        "bool": {
            "should": [
                {"wildcard": {"title": {"value": pattern + "*"}}},
                {"wildcard": {"body": {"value": pattern + "*"}}},
            ],
            "minimum_should_match": 1,
        }
    }


def request_body(plan: Plan, *, offset: int, limit: int, essay_ids=None) -> dict:
    """The search request for `plan` (a pure function: tested without a cluster)."""
    must = [
        {
            "bool": {
                "should": [
                    {"term": {field: token}}
                    for token in clause
                    for field in ("title_tokens", "body_tokens")
                ],
                "minimum_should_match": 1,
            }
        }
        for clause in plan.clauses
    ]
    must += [contains(text) for text in plan.contains]
    filters = []
    f = plan.filters
    for field, value in (
        ("kind", f.kind),
        ("essay_id", f.essay_id),
        ("collection_id", f.collection_id),
        ("category", f.category),
        ("topic_ids", f.topic_id),
    ):
        if value is not None:
            filters.append({"term": {field: value}})
    if essay_ids is not None:
        filters.append({"terms": {"essay_id": list(essay_ids)}})
    boosts = [
        {"wildcard": {"title": {"value": f"*{text}*", "boost": TITLE_BONUS}}}
        for text in plan.boosts
    ] + [{**contains(text), "boost": PHRASE_BONUS} for text in plan.phrases]
    boosts += [
        {"term": {"kind": {"value": kind, "boost": bonus}}}
        for kind, bonus in KIND_BONUS.items()
        if bonus
    ]
    body = {
        "from": offset,
        "size": limit,
        "track_total_hits": True,
        "_source": False,
        "query": {
            "bool": {
                "must": must,
                "must_not": [contains(text) for text in plan.excluded],
                "filter": filters,
                "should": boosts,
            }
        },
        "aggs": {"kinds": {"terms": {"field": "kind", "size": 3}}},
        "sort": [{"_score": "desc"}, {"_id": "asc"}],
    }
    if f.kind is not None:  # counts per kind ignore the kind filter
        body["query"]["bool"]["filter"] = [
            c for c in filters if "kind" not in c.get("term", {})
        ]
        body["post_filter"] = {"term": {"kind": f.kind}}
    return body


def read_response(response: dict) -> Matches:
    buckets = response.get("aggregations", {}).get("kinds", {}).get("buckets", [])
    return Matches(
        ranked=[
            (int(hit["_id"]), float(hit["_score"])) for hit in response["hits"]["hits"]
        ],
        counts={bucket["key"]: bucket["doc_count"] for bucket in buckets},
    )


class OpenSearchBackend(SearchBackend):
    name = "opensearch"
    keeps_own_index = True

    def __init__(self, client, index: str) -> None:
        self.client, self.index = client, index

    @classmethod
    def from_settings(cls) -> "OpenSearchBackend":
        from opensearchpy import OpenSearch

        return cls(OpenSearch(settings.OPENSEARCH_URL), settings.OPENSEARCH_INDEX)

    def search(self, plan: Plan, *, offset: int, limit: int) -> Matches:
        if plan.is_empty:
            return Matches()
        essay_ids = None
        if plan.visible_essays is not None:
            essay_ids = plan.visible_essays.values_list("pk", flat=True)
        body = request_body(plan, offset=offset, limit=limit, essay_ids=essay_ids)
        return read_response(self.client.search(index=self.index, body=body))

    def update(self, entry_ids: list[int]) -> None:
        from opensearchpy.helpers import bulk

        from essays.search.models import Entry

        entries = Entry.objects.filter(pk__in=entry_ids)
        bulk(
            self.client,
            (
                {"_index": self.index, "_id": e.pk, "_source": document(e)}
                for e in entries.iterator()
            ),
        )

    def rebuild(self) -> None:
        from essays.search.models import Entry

        if self.client.indices.exists(index=self.index):
            self.client.indices.delete(index=self.index)
        self.client.indices.create(index=self.index, body=MAPPING)
        self.update(list(Entry.objects.values_list("pk", flat=True)))
