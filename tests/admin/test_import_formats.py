"""The admin's import page: .docx, .pdf and .html files, bad files, pasted text."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from essays.forms import PASTED
from essays.importer import MAX_BYTES
from essays.models import Collection, Essay, ImportUpload
from tests.admin.documents import COMMUNITY
from tests.formats.cases import (
    GOOD_FORMATS,
    bad_files,
    built,
    content_type,
    good_file,
    no_antiword,  # noqa: F401 (a fixture)
    reference_essays,
)

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:essays_import")


def confirm(client, preview_url: str):
    html = client.get(preview_url).content.decode()
    found = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', html)
    return client.post(preview_url, {"confirm": "1", "fingerprint": found.group(1)})


def form_errors(html: str) -> str:
    """The text of the page's error lists."""
    lists = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    return " ".join(lists)


def test_the_file_input_accepts_every_format(editor_client):
    html = editor_client.get(IMPORT).content.decode()
    accept = re.search(r'accept="([^"]+)"', html).group(1).split(",")
    assert {".txt", ".docx", ".pdf", ".html", ".htm", ".doc"} <= set(accept)
    assert 'name="text"' in html  # the paste box beside it


@pytest.mark.parametrize("name", GOOD_FORMATS)
def test_each_format_is_previewed_then_stored(editor_client, name):
    upload = SimpleUploadedFile(name, good_file(name), content_type(name))
    staged = editor_client.post(IMPORT, {"file": upload})
    assert staged.status_code == 302, form_errors(staged.content.decode())
    assert ImportUpload.objects.get().filename == name  # the preview's format
    assert (
        "如何做好新时期的基层党群工作"
        in editor_client.get(staged["Location"]).content.decode()
    )
    assert confirm(editor_client, staged["Location"]).status_code == 302
    assert Essay.objects.count() == reference_essays()
    assert Collection.objects.get().source_path == name


@pytest.mark.usefixtures("no_antiword")
@pytest.mark.parametrize("case", bad_files())
def test_a_bad_file_gets_a_chinese_form_error_and_nothing_is_kept(editor_client, case):
    upload = SimpleUploadedFile(case.name, built(case))
    response = editor_client.post(IMPORT, {"file": upload})
    assert response.status_code == 200
    errors = form_errors(response.content.decode())
    assert case.words in errors, errors
    assert any("\u4e00" <= char <= "\u9fff" for char in errors)
    assert not ImportUpload.objects.exists() and not Collection.objects.exists()


def test_pasted_text_is_stored_under_a_chinese_name(editor_client):
    staged = editor_client.post(IMPORT, {"text": COMMUNITY})
    assert staged.status_code == 302
    assert ImportUpload.objects.get().filename == PASTED == "粘贴的文本.txt"
    confirm(editor_client, staged["Location"])
    assert Collection.objects.get().source_path == PASTED
    assert Essay.objects.get().title == "社区群众工作的几点做法"


def test_pasted_html_like_text_stays_text(editor_client):
    text = "<html><body>" + COMMUNITY + "</body></html>"
    staged = editor_client.post(IMPORT, {"text": text})
    assert staged.status_code == 302
    confirm(editor_client, staged["Location"])
    assert Essay.objects.get().title == "社区群众工作的几点做法"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({}, "请选择一个文件，或粘贴文本"),
        ({"text": "  \n\u3000 "}, "请选择一个文件，或粘贴文本"),
        ({"text": COMMUNITY, "with_file": True}, "请只选一种"),
        ({"text": "党" * (MAX_BYTES // 3 + 1)}, "超过 5 MiB"),
    ],
    ids=["neither", "blank text", "both", "pasted too much"],
)
def test_the_form_asks_for_exactly_one_document(editor_client, data, words):
    if data.pop("with_file", False):
        data["file"] = SimpleUploadedFile("shequ.txt", COMMUNITY.encode())
    response = editor_client.post(IMPORT, data)
    assert response.status_code == 200
    assert words in form_errors(response.content.decode())
    assert not ImportUpload.objects.exists()
