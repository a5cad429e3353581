"""Every API refusal speaks Chinese and carries a stable code (decisions.md,
"Language and messages"): `{"detail": <Chinese sentence>, "code": <ASCII>}`."""

import re
from dataclasses import dataclass, field

import pytest

from essays.models import Essay

API = "/api/v1"
HAN = re.compile(r"[\u4e00-\u9fff]")
# Latin words a Chinese sentence may hold: format and protocol names.
ALLOWED = {
    "API",
    "JSON",
    "URL",
    "Content-Type",
    "Authorization",
    "Bearer",
    "MiB",
    "ID",
    "ISO",
}
QUOTED = re.compile(r"“[^”]*”|'[^']*'|`[^`]*`")
MEDIA_TYPE = re.compile(r"\b[a-z]+/[\w.+-]+")


def stray_english(detail: str) -> list[str]:
    """Latin words of three letters or more besides the allowed names and quotes."""
    text = MEDIA_TYPE.sub(" ", QUOTED.sub(" ", detail))
    for name in ALLOWED:
        text = text.replace(name, " ")
    return re.findall(r"[A-Za-z]{3,}", text)


@dataclass
class Case:
    method: str
    path: str
    status: int
    code: str
    token: str = ""  # a fixture's name, or "bad"
    body: str | bytes | None = None
    content_type: str = "application/json"
    words: str = ""  # what the detail must name
    errors: list[str] = field(default_factory=list)  # each error item's type


BIG = b"x" * (20 * 1024 * 1024 + 1)
CASES = {
    "essay_404": Case("get", "/essays/nope", 404, "not_found", words="文章"),
    "section_404": Case("get", "/sections/999999", 404, "not_found", words="部分"),
    "point_404": Case("get", "/points/999999", 404, "not_found", words="要点"),
    "collection_404": Case(
        "post",
        "/essays",
        404,
        "not_found",
        "editor",
        '{"collection": 999999, "title": "无处安放"}',
        words="汇编",
    ),
    "import_not_json": Case(
        "post", "/imports", 400, "malformed_json", "publisher", "{nope"
    ),
    "write_not_json": Case(
        "patch", "/essays/{slug}", 400, "malformed_json", "editor", '{"title": '
    ),
    "no_token": Case(
        "patch", "/essays/{slug}", 401, "not_authenticated", body="{}", words="令牌"
    ),
    "bad_token": Case(
        "get", "/essays", 401, "not_authenticated", "bad", words="Bearer <令牌>"
    ),
    "read_only": Case(
        "patch", "/essays/{slug}", 403, "read_only_token", "reader", "{}"
    ),
    "drafts_need_staff": Case(
        "get",
        "/essays?include_drafts=true",
        403,
        "staff_token_required",
        "editor",
    ),
    "wrong_content_type": Case(
        "patch",
        "/essays/{slug}",
        415,
        "unsupported_media_type",
        "editor",
        "title=x",
        "application/x-www-form-urlencoded",
    ),
    "import_too_large": Case(
        "post", "/imports", 413, "too_large", "publisher", BIG, "text/plain", "MiB"
    ),
    "write_too_large": Case(
        "patch", "/essays/{slug}", 413, "too_large", "editor", BIG, words="MiB"
    ),
    "invalid_body": Case(
        "patch",
        "/essays/{slug}",
        422,
        "invalid",
        "editor",
        '{"title": "' + "长" * 501 + '", "unknown": 1}',
        words="“unknown”",
        errors=["string_too_long", "extra_forbidden"],
    ),
    "invalid_query": Case(
        "get",
        "/essays?limit=many",
        422,
        "invalid",
        words="“limit”",
        errors=["int_parsing"],
    ),
    "missing_field": Case(
        "post",
        "/essays",
        422,
        "invalid",
        "editor",
        '{"title": "新的"}',
        words="“collection”",
        errors=["missing"],
    ),
    "bad_flag": Case(
        "post",
        "/imports?dry_run=maybe",
        422,
        "invalid",
        "publisher",
        '{"text": "第一篇 文章"}',
        words="dry_run",
        errors=["value_error"],
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_refusals_are_chinese_with_a_code(client, imported_corpus, request, case):
    essay = Essay.objects.get(position=1)
    headers = {}
    if case.token == "bad":
        headers["HTTP_AUTHORIZATION"] = "Bearer not-a-token"
    elif case.token:
        headers = request.getfixturevalue(case.token)
    path = f"{API}{case.path.format(slug=essay.slug)}"
    if case.body is None:
        response = getattr(client, case.method)(path, **headers)
    else:
        response = getattr(client, case.method)(
            path, case.body, content_type=case.content_type, **headers
        )
    assert response.status_code == case.status, response.content[:500]
    body = response.json()
    assert body["code"] == case.code, body
    detail = body["detail"]
    assert isinstance(detail, str) and HAN.search(detail), body
    assert not stray_english(detail), (detail, stray_english(detail))
    assert case.words in detail, detail
    if case.status == 422:
        assert [item["type"] for item in body["errors"]] == case.errors, body
        for item in body["errors"]:
            assert item["loc"] and HAN.search(item["msg"]), item
            assert not stray_english(item["msg"]), item
    if case.status == 401:
        assert response["WWW-Authenticate"] == "Bearer"


def test_the_422_shape_is_documented(client):
    schema = client.get(f"{API}/openapi.json").json()
    answer = schema["components"]["schemas"]["ValidationErrorOut"]
    assert {"detail", "code", "errors"} <= set(answer["properties"])
    refused = schema["paths"]["/api/v1/essays"]["post"]["responses"]["422"]
    assert refused["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationErrorOut"
    )
    assert '{"detail", "code"}' in schema["info"]["description"]
