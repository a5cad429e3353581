"""The OpenAPI document and the docs page."""

import json

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

    raw = client.get("/api/v1/openapi.json").content.decode()
    json.loads(raw, object_pairs_hook=refuse_duplicates)


def test_schema_passes_the_openapi_validator(schema):
    from openapi_spec_validator import validate

    validate(schema)


def walk(node, path=()):
    """Every (path, dict) in a JSON document."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def test_bounds_are_json_schema_keywords(schema):
    for path, node in walk(schema):
        kind = node.get("type")  # a property may be named "type" too
        if isinstance(kind, str) and kind in {"integer", "number", "string", "array"}:
            assert not {"ge", "le", "gt", "lt"} & set(node), path


def test_every_bounded_field_states_its_bounds(schema):
    components = schema["components"]["schemas"]
    point_in = components["PointIn"]["properties"]
    number = point_in["number"]["anyOf"][0]
    assert number["minimum"] == 0 and number["maximum"] == 2**53 - 1
    position = point_in["position"]["anyOf"][0]
    assert (position["minimum"], position["maximum"]) == (1, 100_000)
    count = components["SectionIn"]["properties"]["declared_count"]["anyOf"][0]
    assert (count["minimum"], count["maximum"]) == (0, 32767)
    params = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/v1/essays"]["get"]["parameters"]
    }
    assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 100)
    assert params["q"]["anyOf"][0]["maxLength"] == 200


def test_parameter_examples_are_maps(schema):
    for operations in schema["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                assert not isinstance(parameter.get("examples"), list), parameter


def test_category_is_one_component(schema):
    assert "Category" in schema["components"]["schemas"]
    text = json.dumps(schema)
    assert text.count('"duties"') <= 2  # the enum, and an example


def test_operations_are_named_for_what_they_do(schema):
    ids = [
        operation["operationId"]
        for operations in schema["paths"].values()
        for operation in operations.values()
    ]
    assert len(ids) == len(set(ids))
    for expected in ("list_essays", "get_essay", "update_essay", "import_document"):
        assert expected in ids
    assert not [name for name in ids if name.startswith("essays_")]


def test_imports_document_raw_body_flags_and_the_dry_run_report(schema):
    operation = schema["paths"]["/api/v1/imports"]["post"]
    names = {p["name"] for p in operation["parameters"] if p["in"] == "query"}
    assert {"dry_run", "publish", "replace", "filename"} <= names
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert "#/components/schemas/ImportReportOut" in json.dumps(ok)
    node = schema["components"]["schemas"]["ImportNodeOut"]
    assert node["properties"]["children"]["items"] == {
        "$ref": "#/components/schemas/ImportNodeOut"
    }
