"""POST /imports: JSON, multipart and plain text; dry runs; every refusal."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from essays.models import Collection, Essay, Point
from tests.conftest import BUNDLED, SAMPLES
from tests.formats.cases import (
    DOCX,
    GOOD_FORMATS,
    bad_files,
    built,
    content_type,
    good_file,
    no_antiword,  # noqa: F401 (a fixture)
    reference_essays,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports"
TEXT = BUNDLED.read_text(encoding="utf-8")


def post_json(client, body: dict, auth: dict):
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", **auth
    )


def test_dry_run_answers_the_import_contract_and_writes_nothing(client, editor):
    response = post_json(
        client, {"text": TEXT, "dry_run": True, "filename": "a.txt"}, editor
    )
    assert response.status_code == 200
    report = response.json()
    document = report["documents"][0]
    assert document["source"]["path"] == "a.txt"
    assert [e["title"] for e in document["essays"]][0] == "如何做好新时期的基层党群工作"
    assert report["errors"] == []
    assert not Collection.objects.exists()


def test_json_import_stores_drafts_then_reports_unchanged(client, editor):
    response = post_json(client, {"text": TEXT}, editor)
    assert response.status_code == 201
    stored = response.json()
    assert (stored["status"], stored["essays"], stored["sections"]) == (
        "created",
        5,
        13,
    )
    assert stored["points"] == Point.objects.count() == 83
    assert Essay.objects.filter(status="draft").count() == 5
    again = post_json(client, {"text": TEXT}, editor)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_multipart_file_import(client, publisher):
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    upload = SimpleUploadedFile(
        sample.name, sample.read_bytes(), content_type="text/plain"
    )
    response = client.post(URL, {"file": upload, "publish": "true"}, **publisher)
    assert response.status_code == 201, response.content
    assert Essay.objects.published().count() == response.json()["essays"]


def test_gb18030_plain_text_import(client, editor):
    raw = next(p for p in SAMPLES.glob("*gbk*.txt")).read_bytes()
    response = client.post(
        f"{URL}?dry_run=true", data=raw, content_type="text/plain", **editor
    )
    assert response.status_code == 200, response.content
    assert response.json()["documents"][0]["essays"]


def test_publishing_an_import_needs_the_publish_permission(client, editor):
    response = post_json(client, {"text": TEXT, "publish": True}, editor)
    assert response.status_code == 403
    assert not Collection.objects.exists()


def test_a_changed_version_is_409_unless_replace(client, editor):
    post_json(client, {"text": TEXT}, editor)
    changed = TEXT.replace("要管监督。", "要管好监督。")
    conflict = post_json(client, {"text": changed}, editor)
    assert conflict.status_code == 409 and "replace=true" in conflict.json()["detail"]
    replaced = post_json(client, {"text": changed, "replace": True}, editor)
    assert replaced.status_code == 201 and replaced.json()["status"] == "replaced"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x00\x01\x02\x03" * 64, "二进制文件"),
        (b"   \n\n  ", "文档是空的"),
        (b"An English page, not a Chinese document at all. " * 10, "乱码"),
        (b"\xff\xfe\xfa\xfb" * 100, "UTF-8"),
    ],
)
def test_broken_documents_are_422_with_the_reason(client, editor, raw, reason):
    response = client.post(URL, data=raw, content_type="text/plain", **editor)
    assert response.status_code == 422
    assert reason.lower() in response.json()["detail"].lower()
    assert not Collection.objects.exists()


def test_oversized_documents_are_413(client, editor):
    big = "党" * (2 * 1024 * 1024)  # 6 MiB of UTF-8
    as_text = client.post(URL, data=big.encode(), content_type="text/plain", **editor)
    assert as_text.status_code == 413
    as_json = post_json(client, {"text": big}, editor)
    assert as_json.status_code == 413
    upload = SimpleUploadedFile("big.txt", big.encode(), content_type="text/plain")
    as_file = client.post(URL, {"file": upload}, **editor)
    assert as_file.status_code == 413
    assert not Collection.objects.exists()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, editor):
    response = client.post(
        URL,
        data=b"x",
        content_type="text/plain",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
        **editor,
    )
    assert response.status_code == 413


def test_import_body_errors(client, editor):
    not_json = client.post(URL, data="{oops", content_type="application/json", **editor)
    assert not_json.status_code == 400
    unknown = post_json(client, {"text": TEXT, "surprise": 1}, editor)
    assert unknown.status_code == 422
    no_file = client.post(URL, {"other": "x"}, **editor)
    assert no_file.status_code == 422
    wrong_type = client.post(
        URL, data=b"<x/>", content_type="application/xml", **editor
    )
    assert wrong_type.status_code == 415


def test_imports_need_a_read_write_token(client, reader):
    assert client.post(URL, data=b"x", content_type="text/plain").status_code == 401
    assert post_json(client, {"text": TEXT}, reader).status_code == 403


@pytest.mark.parametrize("query", ["dry_run=maybe", "publish=true&publish=false"])
def test_flags_must_be_true_or_false(client, editor, query):
    response = client.post(
        f"{URL}?{query}", data=TEXT.encode(), content_type="text/plain", **editor
    )
    assert response.status_code == 422
    assert not Collection.objects.exists()


# --- formats (issue 13): .docx, .pdf, .html bodies and files; pasted text ----


@pytest.mark.parametrize("name", GOOD_FORMATS)
def test_each_format_imports_as_a_raw_body(client, editor, name):
    response = client.post(
        URL, data=good_file(name), content_type=content_type(name), **editor
    )
    assert response.status_code == 201, response.content
    assert response.json()["essays"] == Essay.objects.count() == reference_essays()
    # A body without a name is named in Chinese, by its type.
    stored = Collection.objects.get().source_path
    assert stored.startswith("上传的") and stored.endswith(Path(name).suffix)


@pytest.mark.parametrize("name", GOOD_FORMATS)
def test_each_format_imports_as_a_multipart_file(client, editor, name):
    upload = SimpleUploadedFile(name, good_file(name), content_type=content_type(name))
    response = client.post(URL, {"file": upload}, **editor)
    assert response.status_code == 201, response.content
    assert response.json()["essays"] == Essay.objects.count() == reference_essays()
    assert Collection.objects.get().source_path == name


def test_json_text_is_imported_as_pasted_text(client, editor):
    response = post_json(client, {"text": TEXT, "filename": "粘贴的文本.txt"}, editor)
    assert response.status_code == 201
    assert Collection.objects.get().source_path == "粘贴的文本.txt"


MEDIA = {".docx": DOCX, ".pdf": "application/pdf", ".doc": "application/msword"}


def refused_alike(response, case) -> None:
    assert response.status_code == case.status, response.content
    body = response.json()
    assert body["code"] == case.code and case.words in body["detail"]
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"])
    assert not Collection.objects.exists() and not Essay.objects.exists()


@pytest.mark.usefixtures("no_antiword")
@pytest.mark.parametrize("case", bad_files())
def test_a_bad_file_is_refused_with_a_code_and_nothing_stored(client, editor, case):
    upload = SimpleUploadedFile(case.name, built(case))
    refused_alike(client.post(URL, {"file": upload}, **editor), case)


@pytest.mark.usefixtures("no_antiword")
@pytest.mark.parametrize("case", bad_files())
def test_a_bad_raw_body_is_refused_with_a_code_and_nothing_stored(client, editor, case):
    response = client.post(
        f"{URL}?filename={case.name}",
        data=built(case),
        content_type=MEDIA[Path(case.name).suffix],
        **editor,
    )
    refused_alike(response, case)
