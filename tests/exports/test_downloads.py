"""Download routes: Chinese file names, drafts hidden, Markdown kept safe."""

from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model

from essays.models import Essay, Point, Topic
from essays.typography import typeset_text as shown
from tests.exports.reading import lines, pdf, pdf_text, word

pytestmark = pytest.mark.django_db

ESSAY_FILES = {
    "export.docx": ".docx",
    "export.pdf": ".pdf",
    "export.md": ".md",
}
HANDOUT_FILES = {"handout.docx": ".docx", "handout.pdf": ".pdf"}


def disposition(filename: str, ascii_filename: str) -> str:
    return (
        f'attachment; filename="{ascii_filename}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )


@pytest.mark.parametrize("route", ESSAY_FILES)
def test_an_essay_downloads_under_its_chinese_title(client, imported_corpus, route):
    essay = Essay.objects.get(position=1)
    response = client.get(f"/essays/{essay.slug}/{route}")
    assert response.status_code == 200
    extension = ESSAY_FILES[route]
    assert response["Content-Disposition"] == disposition(
        f"{essay.title}{extension}", f"{essay.slug}{extension}"
    )


@pytest.mark.parametrize("route", HANDOUT_FILES)
def test_a_handout_downloads_as_the_topics_study_material(
    client, imported_corpus, route
):
    response = client.get(f"/topics/tong-zhan-gong-zuo/{route}")
    assert response.status_code == 200
    extension = HANDOUT_FILES[route]
    assert response["Content-Disposition"] == disposition(
        f"统战工作学习材料{extension}", f"tong-zhan-gong-zuo-handout{extension}"
    )


def test_a_title_with_path_marks_makes_a_safe_file_name(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    essay.title = '关于"三会一课"/民主生活会:问答?'
    essay.save()
    response = client.get(f"/essays/{essay.slug}/export.docx")
    assert response["Content-Disposition"] == disposition(
        "关于三会一课民主生活会问答.docx", f"{essay.slug}.docx"
    )


def every_download(essay: Essay, topic_slug: str) -> list[str]:
    return [f"/essays/{essay.slug}/{route}" for route in ESSAY_FILES] + [
        f"/topics/{topic_slug}/{route}" for route in HANDOUT_FILES
    ]


def test_drafts_are_404_for_readers_and_served_to_staff(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    essay.status = Essay.Status.DRAFT
    essay.save()
    essay.topics.add("只在草稿里的主题")
    urls = every_download(essay, Topic.objects.get(name="只在草稿里的主题").slug)
    for url in urls:
        assert client.get(url).status_code == 404, url
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    for url in urls[: len(ESSAY_FILES)]:
        assert client.get(url).status_code == 200, url


def test_unknown_essays_and_topics_are_404(client, imported_corpus):
    for url in every_download(Essay(slug="no-such-essay"), "no-such-topic"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.content.decode()


def test_markdown_keeps_labels_paragraphs_and_a_chinese_source_line(
    client, imported_corpus
):
    essay = max(Essay.objects.all(), key=lambda essay: essay.points.count())
    response = client.get(f"/essays/{essay.slug}/export.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith(f"# {essay.title}\n")
    assert f"> 来源：{imported_corpus.title}" in text
    for point in Point.objects.filter(essay=essay):
        assert f"{point.label}{point.title}" in text
        for paragraph in point.body_paragraphs():
            assert paragraph in text


def test_markdown_shows_html_as_text_and_drops_script_links(client, imported_corpus):
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


def test_the_essay_and_topic_pages_link_to_every_download(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    page = client.get(essay.get_absolute_url()).content.decode()
    for route in ESSAY_FILES:
        assert f'href="/essays/{essay.slug}/{route}"' in page, route
    page = client.get("/topics/tong-zhan-gong-zuo/").content.decode()
    for route in HANDOUT_FILES:
        assert f'href="/topics/tong-zhan-gong-zuo/{route}"' in page, route


def test_markup_and_control_characters_in_stored_text_never_break_a_file(
    client, imported_corpus
):
    essay = Essay.objects.get(position=1)
    point = Point.objects.filter(essay=essay, parent=None).first()
    point.title = "<b>加强</b>领导\x0b&落实\x07责任。"
    point.body = "第一段<i>正文</i>\x07。"
    point.save()
    for route in ("export.docx", "export.pdf"):
        response = client.get(f"/essays/{essay.slug}/{route}")
        assert response.status_code == 200, route
    document = word(client.get(f"/essays/{essay.slug}/export.docx"))
    assert shown(f"{point.label}<b>加强</b>领导&落实责任。") in lines(document)
    assert "第一段<i>正文</i>。" in lines(document)
    text = pdf_text(pdf(client.get(f"/essays/{essay.slug}/export.pdf")))
    assert "<b>加强</b>领导&落实责任。" in "".join(text.split())


def test_copies_follow_the_essays_display_typography(client, imported_corpus):
    """Word and PDF read like the page: `,` -> `，` unless the essay turned it off."""
    essay = Essay.objects.get(collection=imported_corpus, position=1)
    point = Point.objects.filter(essay=essay, title__contains=",").first()
    url = f"/essays/{essay.slug}/export.docx"
    typeset = lines(word(client.get(url)))
    assert shown(f"{point.label}{point.title}") in typeset
    assert f"{point.label}{point.title}" not in typeset
    essay.typography = False
    essay.save()
    as_stored = lines(word(client.get(url)))
    assert f"{point.label}{point.title}" in as_stored
    pdf_url = f"/essays/{essay.slug}/export.pdf"
    assert "".join(point.title.split()) in pdf_text(pdf(client.get(pdf_url)))
