"""The tree page and the change form's save-then-move (issue 15, 1 and 2)."""

import json
import threading

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, connections
from django.urls import reverse
from reversion.models import Revision

from essays.models import Collection, Essay, Point, RevisionSource, Section
from essays.services.recording import ADMIN
from essays.services.restructuring import load
from tests.admin.conftest import logged_in, member
from tests.admin.test_essay_admin import first_points, inline_data
from tests.services.test_restructuring import build, data_of, positions_whole, shape

pytestmark = pytest.mark.django_db

NUMERALS = "一二三四五"


@pytest.fixture
def essay(imported_corpus) -> Essay:
    """A draft whose five suggestions were parsed as five sections."""
    essay = Essay.objects.create(
        collection=imported_corpus, position=99, title="误拆的建议", slug="wuchai"
    )
    build(
        essay,
        [("一、", "几点建议", "主要有以下五点：", [])]
        + [(f"{n}、", f"建议{n}", f"建议{n}的正文。", []) for n in NUMERALS],
    )
    return essay


def tree_url(essay: Essay) -> str:
    return reverse("admin:essays_essay_tree", args=[essay.pk])


def five_into_one(essay: Essay) -> dict:
    data = data_of(load(essay))
    heading, *rest = data["nodes"]
    heading["children"] = rest
    data["nodes"] = [heading]
    return data


def post(client, essay, data):
    return client.post(
        tree_url(essay), json.dumps(data), content_type="application/json"
    )


def test_the_page_shows_the_tree_and_its_version(editor_client, essay):
    response = editor_client.get(tree_url(essay))
    assert response.status_code == 200
    page = response.content.decode()
    assert "结构编辑：误拆的建议" in page and "保存全部修改" in page
    data = response.context["tree"]
    assert data["version"] == load(essay).version
    assert [node["title"] for node in data["nodes"]][:2] == ["几点建议", "建议一"]
    change = editor_client.get(reverse("admin:essays_essay_change", args=[essay.pk]))
    assert tree_url(essay) in change.content.decode()  # linked from the outline


def test_a_save_restructures_and_is_one_admin_revision(editor_client, editor, essay):
    before = Revision.objects.count()
    response = post(editor_client, essay, five_into_one(essay))
    assert response.status_code == 200, response.content
    assert "部分改为要点 5 处" in response.json()["summary"]
    assert Section.objects.filter(essay=essay).count() == 1
    assert list(
        Point.objects.filter(essay=essay).order_by("position").values_list("title")
    ) == [(f"建议{n}",) for n in NUMERALS]
    assert Revision.objects.count() == before + 1
    revision = Revision.objects.order_by("-pk").first()
    assert revision.user == editor
    assert RevisionSource.objects.get(revision=revision).channel == ADMIN.kind
    page = editor_client.get(tree_url(essay)).content.decode()
    assert "已保存。结构编辑" in page  # the message after the page reloads


def test_a_stale_page_is_refused_in_chinese_and_nothing_changes(editor_client, essay):
    data = five_into_one(essay)
    Section.objects.filter(essay=essay, position=2).update(title="别人改过")
    before = shape(essay)
    response = post(editor_client, essay, data)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_tree" and "重新载入页面" in body["detail"]
    assert shape(essay) == before


@pytest.mark.parametrize(
    "raw", [b"not json", b"\xff\xfe", b"[]", b'{"nodes": [{"key": 5}]}']
)
def test_malformed_bodies_are_a_chinese_400(editor_client, essay, raw):
    response = editor_client.post(tree_url(essay), raw, content_type="application/json")
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


def test_an_invalid_tree_is_refused_with_its_reason(editor_client, essay):
    data = data_of(load(essay))
    data["nodes"].pop()
    response = post(editor_client, essay, data)
    assert response.status_code == 400 and "少了 1 个条目" in response.json()["detail"]


def test_staff_without_change_permission_get_403(essay):
    viewer = member("viewer", None)
    viewer.user_permissions.add(Permission.objects.get(codename="view_essay"))
    client = logged_in(viewer)
    assert client.get(tree_url(essay)).status_code == 403
    before = shape(essay)
    assert post(client, essay, five_into_one(essay)).status_code == 403
    assert shape(essay) == before


def test_published_essays_need_the_publish_permission_to_convert(
    editor_client, publisher_client, essay
):
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.PUBLISHED)
    page = editor_client.get(tree_url(essay)).content.decode()
    assert "需要发布权限" in page
    before = shape(essay)
    refused = post(editor_client, essay, five_into_one(essay))
    assert refused.status_code == 403
    assert refused.json()["code"] == "publish_permission_required"
    assert shape(essay) == before
    reordered = data_of(load(essay))
    reordered["nodes"].reverse()
    assert post(editor_client, essay, reordered).status_code == 200
    assert post(publisher_client, essay, five_into_one(essay)).status_code == 200
    assert Section.objects.filter(essay=essay).count() == 1


def test_the_form_saved_before_a_move_keeps_its_edits(editor_client, imported_corpus):
    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    first, second, *_ = first_points(essay)
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    data = inline_data(editor_client, url)
    data.update(
        author="张三",
        _kb_then_move=f"point:{second.pk}:up",
        _kb_then_renumber="on",
        _continue="1",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("#outline")
    essay.refresh_from_db()
    second.refresh_from_db()
    assert essay.author == "张三"
    assert second.position == 1
    messages = editor_client.get(response["Location"]).content.decode()
    assert "上移" in messages


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_once_one_is_told_the_page_is_stale():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL")
    collection = Collection.objects.create(title="汇编", sha256="b" * 64)
    essay = Essay.objects.create(collection=collection, position=1, title="同时保存")
    build(
        essay,
        [("一、", "几点建议", "", [])]
        + [(f"{n}、", f"建议{n}", "", [("1.", f"细则{n}", "", [])]) for n in NUMERALS],
    )
    folded, reordered = five_into_one(essay), data_of(load(essay))
    reordered["nodes"].reverse()
    clients = [logged_in(member(name, "editor")) for name in ("甲", "乙")]
    start, answers = threading.Barrier(2), []

    def save(client, data):
        try:
            start.wait()
            answers.append(post(client, essay, data))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=pair)
        for pair in zip(clients, (folded, reordered), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status_code for answer in answers) == [200, 409]
    stale = next(answer for answer in answers if answer.status_code == 409)
    assert stale.json()["code"] == "stale_tree"
    positions_whole(essay)
    won = next(answer for answer in answers if answer.status_code == 200)
    folded_won = "部分改为要点 5 处" in won.json()["summary"]
    assert Section.objects.filter(essay=essay).count() == (1 if folded_won else 6)
