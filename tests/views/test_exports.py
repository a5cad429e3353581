"""Word and Markdown copies open again and keep every label."""

import io

import pytest
from docx import Document

from essays.models import Essay, Point, Section, Topic

pytestmark = pytest.mark.django_db


def largest_essay() -> Essay:
    return max(Essay.objects.all(), key=lambda essay: essay.points.count())


def labels_of(essay: Essay) -> list[str]:
    sections = Section.objects.filter(essay=essay).exclude(label="")
    return [s.label for s in sections] + [
        p.label for p in Point.objects.filter(essay=essay)
    ]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_essay_docx_reopens_with_every_label_and_title(client, imported_corpus):
    essay = largest_essay()
    response = client.get(f"/essays/{essay.slug}/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="{essay.slug}.docx"' in response["Content-Disposition"]
    text = docx_text(response.content)
    assert text.startswith(essay.title)
    for point in Point.objects.filter(essay=essay):
        assert f"{point.label}{point.title}" in text
    lines = text.splitlines()
    for label in labels_of(essay):
        assert any(line.startswith(label) for line in lines), label


def test_essay_docx_headings_follow_the_tree(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    document = Document(
        io.BytesIO(client.get(f"/essays/{essay.slug}/export.docx").content)
    )
    styles = {p.text: p.style.name for p in document.paragraphs}
    assert styles[essay.title] == "Title"
    assert styles["第一部分:基层党组织的领导干部应该做什么?"] == "Heading 1"
    assert styles["第五,要管作风。"] == "Heading 2"
    assert styles["一是管工作作风。"] == "Heading 3"


def test_essay_markdown_keeps_labels_and_paragraphs(client, imported_corpus):
    essay = largest_essay()
    response = client.get(f"/essays/{essay.slug}/export.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith(f"# {essay.title}\n")
    for point in Point.objects.filter(essay=essay):
        assert f"{point.label}{point.title}" in text
        for paragraph in point.body_paragraphs():
            assert paragraph in text


def test_topic_handout_groups_points_by_essay_with_sources(client, imported_corpus):
    topic = Topic.objects.get(name="统战工作")
    response = client.get(f"/topics/{topic.slug}/handout.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert text.startswith("统战工作 学习材料")
    points = Point.objects.filter(topics=topic)
    assert points.exists()
    for point in points:
        assert f"{point.label}{point.title}" in text
        assert point.essay.title in text
    assert f"出处:{imported_corpus.title}" in text


def test_markdown_export_shows_html_as_text_and_drops_script_links(
    client, imported_corpus
):
    essay = Essay.objects.get(position=1)
    point = Point.objects.filter(essay=essay).first()
    point.title = "<svg onload=alert(1)>标题"
    point.body = (
        "见[说明](javascript:alert(1))与[官网](https://example.org/a)。\n"
        "[坏](JavaScript : alert(document.cookie))和<img src=x onerror=alert(2)>\n"
        "[ref]: javascript:alert(3)"
    )
    point.save()
    text = client.get(f"/essays/{essay.slug}/export.md").content.decode()
    assert "<svg" not in text and "&lt;svg onload=alert(1)&gt;标题" in text
    assert "<img" not in text and "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "javascript" not in text.lower()
    assert "见说明与[官网](https://example.org/a)。" in text
    assert "坏和" in text
