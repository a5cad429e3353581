"""An import's flags and names, whatever shape its body has."""

import pytest

from essays.models import Collection
from tests.conftest import BUNDLED

pytestmark = pytest.mark.django_db
URL = "/api/v1/imports"


def test_dry_run_in_the_query_holds_for_a_multipart_upload(client, publisher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("党群工作.txt", BUNDLED.read_bytes(), "text/plain")
    response = client.post(f"{URL}?dry_run=true", {"file": upload}, **publisher)
    assert response.status_code == 200
    assert "documents" in response.json()
    assert not Collection.objects.exists()


def test_pasted_json_text_without_a_name_gets_a_chinese_one(client, publisher):
    response = client.post(
        URL,
        {"text": BUNDLED.read_text(encoding="utf-8")},
        content_type="application/json",
        **publisher,
    )
    assert response.status_code == 201, response.content
    assert Collection.objects.get().source_path == "粘贴的文本.txt"
