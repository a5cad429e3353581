"""Markup stored by an editor comes out as text on every admin page."""

import pytest
from django.urls import reverse
from reversion.models import Version

from essays.models import Essay, Point, Section, Topic
from tests.admin.test_essay_admin import inline_data
from tests.admin.test_import import staged

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
LINK = "javascript:alert(1)"
IMAGE = '<img src=x onerror="alert(2)">'
HOSTILE = f"{SCRIPT} {LINK} {IMAGE}"


def assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "<img src=x onerror" not in html
    # nested_admin's own links are javascript:void(0); the stored one must not be.
    assert 'href="javascript:alert' not in html and "href='javascript:alert" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html


@pytest.fixture
def hostile(admin_client, imported_corpus):
    """An essay whose title, bodies, section, point and topic carry markup."""
    essay = imported_corpus.essays.order_by("position").first()
    point = Point.objects.filter(essay=essay).order_by("pk").first()
    url = reverse("admin:essays_point_change", args=[point.pk])
    data = inline_data(admin_client, url)
    topic = Topic.objects.create(name=f"主题{IMAGE}")
    data.update(title=f"要点{HOSTILE}", body=HOSTILE, topics=[topic.pk])
    assert admin_client.post(url, data).status_code == 302
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    data = inline_data(admin_client, url)
    data.update(title=f"文章{HOSTILE}", body=HOSTILE)
    assert admin_client.post(url, data).status_code == 302
    Section.objects.filter(pk=point.section_id).update(title=f"部分{HOSTILE}")
    return Essay.objects.get(pk=essay.pk), Point.objects.get(pk=point.pk)


def test_the_change_list_escapes_titles_and_topics(admin_client, hostile):
    essay, _ = hostile
    essay.topics.add(Topic.objects.get(name__startswith="主题"))
    html = admin_client.get(reverse("admin:essays_essay_changelist")).content.decode()
    assert_escaped(html)
    html = admin_client.get(reverse("admin:essays_topic_changelist")).content.decode()
    assert_escaped(html)


def test_the_change_forms_and_outline_escape_everything(admin_client, hostile):
    essay, point = hostile
    for url in (
        reverse("admin:essays_essay_change", args=[essay.pk]),
        reverse("admin:essays_point_change", args=[point.pk]),
        reverse("admin:essays_section_change", args=[point.section_id]),
    ):
        assert_escaped(admin_client.get(url).content.decode())


def test_history_and_diff_pages_escape_old_and_new_text(admin_client, hostile):
    essay, point = hostile
    for obj, name in ((essay, "essay"), (point, "point")):
        history = reverse(f"admin:essays_{name}_history", args=[obj.pk])
        assert_escaped(admin_client.get(history).content.decode())
        for version in Version.objects.get_for_object(obj):
            url = reverse(f"admin:essays_{name}_revision", args=[obj.pk, version.pk])
            assert_escaped(admin_client.get(url).content.decode())


def test_the_import_preview_escapes_the_document(editor_client):
    text = (
        f"社区工作{SCRIPT}的几点做法\n\n"
        f"　　社区是联系服务群众的最后一公里,{LINK}我们有以下做法:\n\n"
        f"　　一、坚持入户走访{IMAGE},摸清群众底数\n\n"
        "　　（一）建立网格走访制度。社区干部每周走访网格内的居民。\n\n"
        "　　（二）建立民情台账。对走访中收集到的问题逐一登记。\n"
    )
    html = editor_client.get(staged(editor_client, text.encode())).content.decode()
    assert SCRIPT not in html and "<img src=x onerror" not in html
    assert 'href="javascript:' not in html
