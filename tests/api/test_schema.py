"""The OpenAPI document and the docs page."""

import pytest


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_with_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api/v1/essays",
        "/api/v1/essays/{slug}",
        "/api/v1/sections/{section_id}",
        "/api/v1/points",
        "/api/v1/points/{point_id}",
        "/api/v1/topics",
        "/api/v1/collections",
        "/api/v1/search",
        "/api/v1/imports",
        "/api/v1/essays/{slug}/publish",
        "/api/v1/sections/{section_id}/points/order",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/essays/{slug}"]) == {"get", "patch", "delete"}


def test_every_operation_documents_its_errors_and_has_a_summary(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            for status in ("401", "403", "404", "422", "429"):
                assert status in operation["responses"], (method, path, status)


def test_writes_declare_bearer_auth(schema):
    patch = schema["paths"]["/api/v1/essays/{slug}"]["patch"]
    assert patch["security"]
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["scheme"] == "bearer"


def test_imports_document_every_content_type_they_take(schema):
    body = schema["paths"]["/api/v1/imports"]["post"]["requestBody"]["content"]
    assert set(body) == {
        "application/json",
        "multipart/form-data",
        "text/plain",
        "text/html",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def test_docs_page_uses_no_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui" in page
    assert "cdn." not in page and "unpkg" not in page and "jsdelivr" not in page


def test_reads_say_a_token_is_optional(schema):
    read = schema["paths"]["/api/v1/essays"]["get"]
    assert read["security"] == [{}, {"bearerAuth": []}]
    write = schema["paths"]["/api/v1/essays"]["post"]
    assert write["security"] == [{"bearerAuth": []}]


def test_no_operation_documents_a_status_twice(client):
    def refuse_duplicates(pairs):
        keys = [key for key, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicated keys: {keys}"
        return dict(pairs)

    import json

    raw = client.get("/api/v1/openapi.json").content.decode()
    json.loads(raw, object_pairs_hook=refuse_duplicates)
