"""The admin home in the order of an editor's day (issue 15)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db


def row_names(html: str) -> list[str]:
    """The rows of the home page's lists, top to bottom."""
    content = html.split('id="content-main"', 1)[1].split('id="content-related"')[0]
    return re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', content)


def test_the_home_page_starts_with_import_then_essays_topics_collections(
    admin_client,
):
    html = admin_client.get(reverse("admin:index")).content.decode()
    names = row_names(html)
    assert names[:4] == ["导入文档", "文章", "主题", "汇编"]
    assert reverse("admin:essays_import") in html


def test_tokens_and_word_lists_come_last(admin_client):
    names = row_names(admin_client.get(reverse("admin:index")).content.decode())
    assert names[-3:] == ["编辑词表", "搜索词典", "API 令牌"]
    assert names.index("用户") < names.index("编辑词表")


def test_an_editor_sees_the_import_entry_and_no_tokens(editor_client):
    names = row_names(editor_client.get(reverse("admin:index")).content.decode())
    assert names[0] == "导入文档"
    assert "API 令牌" not in names


def test_a_user_who_may_not_import_gets_no_import_entry(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_essay"))
    client.force_login(viewer)
    names = row_names(client.get(reverse("admin:index")).content.decode())
    assert names == ["文章"]


def test_an_app_page_keeps_all_its_models(admin_client):
    html = admin_client.get(reverse("admin:app_list", args=["essays"])).content
    names = row_names(html.decode())
    assert "API 令牌" in names and "导入文档" not in names
    assert names.index("文章") < names.index("汇编")
