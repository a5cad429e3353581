"""Near-duplicates across sites in the admin's preview and confirm (issue 9)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essays.models import Collection, Essay, ImportUpload
from essays.services import imports
from essays.services.recording import ADMIN
from tests.admin.documents import COMMUNITY
from tests.conftest import BUNDLED, store
from tests.duplicates.remake import remade_reference

pytestmark = pytest.mark.django_db
REMADE = remade_reference(BUNDLED.read_text(encoding="utf-8")).encode()


@pytest.fixture
def reference(db):
    """The reference document, published; the writer fingerprints its essays."""
    return store(BUNDLED).collection


def upload(client, raw: bytes, name: str = "fanwen.txt") -> str:
    response = client.post(
        reverse("admin:essays_import"), {"file": SimpleUploadedFile(name, raw)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def confirm(client, url: str, **choices):
    page = client.get(url)
    fingerprint = page.context["preview"].fingerprint
    return client.post(url, {"confirm": "1", "fingerprint": fingerprint, **choices})


def test_the_writer_remembers_what_it_stores(reference):
    from essays.duplicates.models import EssayFingerprint

    assert EssayFingerprint.objects.filter(essay__collection=reference).count() == 5


def test_the_preview_names_every_duplicate_with_links(reference, publisher_client):
    url = upload(publisher_client, REMADE)
    page = publisher_client.get(url)
    preview = page.context["preview"]
    assert [item.number for item in preview.duplicates] == [1, 2, 3, 4, 5]
    html = page.content.decode()
    for essay in reference.essays.all():
        assert reverse("admin:essays_essay_change", args=[essay.pk]) in html
        assert essay.get_absolute_url() in html
    assert re.search(r"相似度 <strong>\d{2}%</strong>", html)
    assert 'name="duplicate-1" value="skip" checked' in html


def test_skipping_stores_none_of_them(reference, publisher_client):
    url = upload(publisher_client, REMADE)
    choices = {f"duplicate-{n}": "skip" for n in range(1, 6)}  # checked radios
    response = confirm(publisher_client, url, **choices)
    assert response.status_code == 302
    assert Essay.objects.count() == 5
    assert Essay.objects.exclude(collection=reference).count() == 0
    assert ImportUpload.objects.get().status == ImportUpload.Status.IMPORTED


def test_replacing_updates_the_stored_essays(reference, publisher_client):
    url = upload(publisher_client, REMADE)
    duplicates = publisher_client.get(url).context["preview"].duplicates
    choices = {
        f"duplicate-{item.number}": f"replace:{item.best.essay_id}"
        for item in duplicates
    }
    before = {essay.pk: essay.updated_at for essay in reference.essays.all()}
    response = confirm(publisher_client, url, **choices)
    assert response.status_code == 302
    assert set(Essay.objects.values_list("pk", flat=True)) == set(before)
    for essay in Essay.objects.all():
        assert essay.updated_at > before[essay.pk]
        assert essay.status == Essay.Status.PUBLISHED
    text = " ".join(Essay.objects.values_list("lead", flat=True))
    assert "某" in text or "范文先生网" not in text  # the new text, edits and all


def test_replacing_a_published_essay_needs_the_publish_permission(
    reference, editor_client
):
    url = upload(editor_client, REMADE)
    best = editor_client.get(url).context["preview"].duplicates[0].best
    response = confirm(
        editor_client, url, **{"duplicate-1": f"replace:{best.essay_id}"}
    )
    assert response.status_code == 200
    assert "发布权限" in response.content.decode() or "权限" in str(
        list(response.context["messages"])
    )
    assert ImportUpload.objects.get().status == ImportUpload.Status.STAGED


def test_a_different_document_flags_none(reference, editor_client):
    page = editor_client.get(upload(editor_client, COMMUNITY.encode()))
    assert page.context["preview"].duplicates == []
    assert "kb-duplicates" not in page.content.decode()


def test_dry_run_warnings_name_each_duplicate_in_chinese(reference, editor):
    result = imports.import_document(
        REMADE, filename="fanwen.txt", actor=editor, channel=ADMIN, dry_run=True
    )
    sentences = [w for w in result.warnings if "已收录的" in w]
    assert len(sentences) == 5
    assert re.fullmatch(
        r"第1篇《.+》与已收录的《.+》（写写帮文库）几乎相同（相似度 9\d%）",
        sentences[0],
    )
    assert Collection.objects.count() == 1
