"""Every admin page renders with the seed corpus."""

import pytest
from django.contrib import admin
from django.urls import reverse

from essays.models import ApiToken, ImportUpload, Point, Section, WatermarkWord
from essays.tokens import create_token

pytestmark = pytest.mark.django_db

ESSAYS_MODELS = [
    model for model in admin.site._registry if model._meta.app_label == "essays"
]


@pytest.fixture
def every_model(imported_corpus, superuser):
    WatermarkWord.objects.create(word="某某文库")
    create_token(superuser, name="同步")
    ImportUpload.objects.create(
        user=superuser, filename="a.txt", raw=b"x", sha256="0" * 64, size=1
    )
    return imported_corpus


@pytest.mark.parametrize("model", ESSAYS_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_change_and_history_pages_render(admin_client, every_model, model):
    name = model._meta.model_name
    assert (
        admin_client.get(reverse(f"admin:essays_{name}_changelist")).status_code == 200
    )
    obj = model.objects.order_by("pk").first()
    change = admin_client.get(reverse(f"admin:essays_{name}_change", args=[obj.pk]))
    assert change.status_code == 200
    history = admin_client.get(reverse(f"admin:essays_{name}_history", args=[obj.pk]))
    assert history.status_code == 200


@pytest.mark.parametrize("name", ["apitoken", "watermarkword", "topic", "essay"])
def test_add_pages_render(admin_client, every_model, name):
    assert admin_client.get(reverse(f"admin:essays_{name}_add")).status_code == 200


def test_the_index_and_the_import_page_render(admin_client, every_model):
    index = admin_client.get(reverse("admin:index"))
    assert "基层工作知识库" in index.content.decode()
    page = admin_client.get(reverse("admin:essays_import"))
    assert page.status_code == 200
    assert "导入文档" in page.content.decode()


def test_the_essay_change_page_shows_the_outline_with_edit_links(
    admin_client, imported_corpus
):
    essay = imported_corpus.essays.order_by("position").first()
    point = (
        Point.objects.filter(essay=essay, parent=None)
        .order_by("section__position", "position")
        .first()
    )
    section = Section.objects.filter(essay=essay).order_by("position").first()
    html = admin_client.get(
        reverse("admin:essays_essay_change", args=[essay.pk])
    ).content.decode()
    assert reverse("admin:essays_point_change", args=[point.pk]) in html
    assert reverse("admin:essays_section_change", args=[section.pk]) in html
    assert 'id="outline-move"' in html
    assert essay.get_absolute_url() in html  # view on site / draft preview


def test_the_token_hash_is_never_shown(admin_client, every_model):
    token = ApiToken.objects.get()
    for url in (
        reverse("admin:essays_apitoken_changelist"),
        reverse("admin:essays_apitoken_change", args=[token.pk]),
    ):
        assert token.key_hash not in admin_client.get(url).content.decode()
