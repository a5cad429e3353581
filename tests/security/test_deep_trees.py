"""Trees of any depth render without recursion (issue 14.3).

Through the API a client once nested 500 levels of sub-points; from then on
the essay page, the point page and the API tree answered 500 (RecursionError
in `selectors.nest`). The API now refuses a seventh level; a deeper tree made
directly in the database shows its levels below the sixth on the sixth.
"""

import io
import json

import pytest
from docx import Document

from essays.models import Collection, Essay, Point, Section
from essays.selectors import MAX_POINT_DEPTH, essay_tree
from essays.tokens import create_token
from tests.admin.conftest import member

pytestmark = pytest.mark.django_db

DEPTH = 500


@pytest.fixture
def deep_essay() -> Essay:
    """A published essay whose one section holds a chain of 500 points."""
    collection = Collection.objects.create(title="深层汇编", sha256="d" * 64)
    essay = Essay.objects.create(
        collection=collection,
        position=1,
        title="深层文章",
        slug="deep",
        status=Essay.Status.PUBLISHED,
    )
    section = Section.objects.create(essay=essay, position=1, title="第一部分")
    parent = None
    for level in range(1, DEPTH + 1):
        (parent,) = Point.objects.bulk_create(
            [
                Point(
                    essay=essay,
                    section=section,
                    parent=parent,
                    position=1,
                    label=f"{level}.",
                    title=f"第{level}层要点。",
                )
            ]
        )
    return essay


def depth_of(tree) -> int:
    deepest, stack = 0, [(node, 1) for node in tree.sections[0].points]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(child, depth + 1) for child in node.children]
    return deepest


def test_the_tree_keeps_every_point_and_shows_six_levels(deep_essay):
    tree = essay_tree(deep_essay.slug)
    titles = [node.point.title for node in tree.walk()]
    assert titles == [f"第{level}层要点。" for level in range(1, DEPTH + 1)]
    assert depth_of(tree) == MAX_POINT_DEPTH


def test_the_essay_page_renders_every_level(client, deep_essay):
    response = client.get(deep_essay.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "第1层要点。" in page and f"第{DEPTH}层要点。" in page


@pytest.mark.parametrize("level", [1, MAX_POINT_DEPTH, DEPTH])
def test_the_point_page_renders_at_any_level(client, deep_essay, level):
    point = Point.objects.get(title=f"第{level}层要点。")
    response = client.get(point.get_absolute_url())
    assert response.status_code == 200
    assert f"第{level}层要点。" in response.content.decode()


def test_the_api_tree_answers_with_every_point(client, deep_essay):
    response = client.get(f"/api/v1/essays/{deep_essay.slug}")
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "第1层要点。" in text and f"第{DEPTH}层要点。" in text
    top = Point.objects.get(title="第1层要点。")
    assert client.get(f"/api/v1/points/{top.pk}").status_code == 200
    section = f"/api/v1/sections/{top.section_id}"
    assert client.get(section).status_code == 200


def test_the_exports_hold_every_point(client, deep_essay):
    markdown = client.get(f"/essays/{deep_essay.slug}/export.md")
    assert markdown.status_code == 200
    assert f"第{DEPTH}层要点。" in markdown.content.decode()
    word = client.get(f"/essays/{deep_essay.slug}/export.docx")
    assert word.status_code == 200
    paragraphs = Document(io.BytesIO(word.content)).paragraphs
    assert any(p.text.endswith(f"第{DEPTH}层要点。") for p in paragraphs)


def add_sub_point(client, token: str, parent: Point):
    return client.post(
        f"/api/v1/sections/{parent.section_id}/points",
        data=json.dumps({"title": "再下一层。", "parent": parent.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_the_api_refuses_a_seventh_level_with_a_chinese_detail(client, deep_essay):
    _, token = create_token(member("editor", "editor"), name="脚本", scope="read-write")
    sixth = Point.objects.get(title=f"第{MAX_POINT_DEPTH}层要点。")
    before = Point.objects.count()
    refused = add_sub_point(client, token, sixth)
    assert refused.status_code == 422
    assert "最多 6 级" in refused.json()["detail"]
    assert Point.objects.count() == before
    fifth = Point.objects.get(title=f"第{MAX_POINT_DEPTH - 1}层要点。")
    Essay.objects.filter(pk=deep_essay.pk).update(status=Essay.Status.DRAFT)
    assert add_sub_point(client, token, fifth).status_code == 201
