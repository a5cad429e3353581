"""Reader pages show Chinese punctuation, points in context and no placeholders."""

import re
from html.parser import HTMLParser

import pytest

from essays.models import Essay, Point, Section

pytestmark = pytest.mark.django_db

HAN = "[\u4e00-\u9fff]"
ASCII_BETWEEN_CHINESE = re.compile(f"{HAN}[,:;?()]{HAN}")


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, scripts, styles or attribute values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "title"}:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"}:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(response) -> str:
    assert response.status_code == 200, response.status_code
    parser = VisibleText()
    parser.feed(response.content.decode())
    return "".join(parser.parts)


def ascii_between_chinese(text: str) -> list[str]:
    return [
        text[m.start() - 8 : m.end() + 8] for m in ASCII_BETWEEN_CHINESE.finditer(text)
    ]


def test_reference_essays_show_no_ascii_punctuation_between_chinese(
    client, imported_corpus
):
    essays = Essay.objects.filter(collection=imported_corpus)
    # The stored text keeps what the source had ...
    assert any(ASCII_BETWEEN_CHINESE.search(essay.lead) for essay in essays)
    for essay in essays:
        text = visible(client.get(essay.get_absolute_url()))
        # ... and the page shows it in Chinese punctuation.
        assert essay.lead_paragraphs()[0][:4] in text
        assert not ascii_between_chinese(text), essay.title
    essay = essays.get(position=1)
    text = visible(client.get(essay.get_absolute_url()))
    assert "第一部分：" in text and "第七，要管监督。" in text


def test_an_essay_can_turn_typography_off(client, imported_corpus):
    essay = Essay.objects.get(collection=imported_corpus, position=4)
    assert "进入新世纪新阶段,随着" in essay.lead
    assert "进入新世纪新阶段，随着" in visible(client.get(essay.get_absolute_url()))
    essay.typography = False
    essay.save()  # a save moves the content version: cached pages are redrawn
    text = visible(client.get(essay.get_absolute_url()))
    assert "进入新世纪新阶段,随着" in text
    assert Essay.objects.get(pk=essay.pk).lead == essay.lead  # stored as it was


def test_public_pages_show_no_ascii_punctuation_between_chinese(
    client, imported_samples
):
    point = Point.objects.filter(parent__isnull=False).first()
    for url in [
        "/",
        "/essays/",
        point.get_absolute_url(),
        "/guidance/suggestions/",
        "/guidance/other/",
        "/compare/?essays="
        + ",".join(Essay.objects.values_list("slug", flat=True)[:4]),
        "/compare/",
        "/search/?q=工作",
        "/search/?q=统战 建议",
    ]:
        assert not ascii_between_chinese(visible(client.get(url))), url


def test_site_strings_use_chinese_punctuation(client, imported_corpus):
    assert "选择要对比的文章（最多4篇）" in visible(client.get("/compare/"))
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and not ascii_between_chinese(
        missing.content.decode()
    )


def test_long_titles_are_cut_with_the_chinese_ellipsis(client, imported_corpus):
    essay = Essay.objects.get(collection=imported_corpus, position=5)
    page = client.get(essay.get_absolute_url()).content.decode()
    start = page.index('<nav aria-label="文章提纲">')
    outline = page[start : page.index("</nav>", start)]
    assert "……" in outline  # the outline cuts long point titles
    assert not re.search(r"(?<!…)…(?!…)|\.\.\.", outline)


def test_search_snippets_keep_their_marks_and_points_their_context(
    client, imported_corpus, django_assert_max_num_queries
):
    sub = (
        Point.objects.filter(
            parent__isnull=False,
            essay__collection=imported_corpus,
            title__contains="统战",
        )
        .select_related("parent", "section", "essay")
        .first()
    )
    with django_assert_max_num_queries(12):
        response = client.get("/search/", {"q": "统战", "kind": "point"})
    page = response.content.decode()
    assert "<mark>统战</mark>" in page and "&lt;mark&gt;" not in page
    assert not ascii_between_chinese(visible(response))
    hits = page.split('<li class="hit">')[1:]
    hit = next(h for h in hits if f'href="{sub.get_absolute_url()}"' in h)
    assert 'class="parent"' in hit and sub.parent.title[:6].replace(",", "，") in hit
    place = f"s{sub.section.position}-p{sub.parent.position}-{sub.position}"
    anchor = f"{sub.essay.get_absolute_url()}#{place}"
    assert f'href="{anchor}">见原文</a>' in hit


def test_search_for_a_long_url_is_escaped_and_untouched(client, imported_corpus):
    query = "https://example.com/" + "a,b:c" * 56
    page = client.get("/search/", {"q": query}).content.decode()
    assert "a,b:c" * 10 in page  # the query is shown as typed


def test_guidance_never_shows_a_placeholder(client, imported_samples):
    untitled = Section.objects.filter(title="", category="other").first()
    first_point = untitled.points.filter(parent=None).order_by("position").first()
    response = client.get("/guidance/other/")
    text = visible(response)
    assert "无标题" not in text
    assert first_point.title.rstrip("。") in text
    page = response.content.decode()
    essay_url = untitled.essay.get_absolute_url()
    assert (
        f'href="{essay_url}#{untitled.anchor}-p{first_point.position}">见原文' in page
    )


def test_essay_page_offers_a_way_back_to_the_outline(client, imported_corpus):
    essay = Essay.objects.get(collection=imported_corpus, position=1)
    page = client.get(essay.get_absolute_url()).content.decode()
    assert 'id="outline"' in page
    assert '<a class="to-outline" href="#outline">回到目录</a>' in page


def test_an_untitled_section_found_by_search_is_named_by_its_words(
    client, imported_corpus
):
    section = Section.objects.filter(essay__collection=imported_corpus).first()
    section.label, section.title = "", ""
    section.body = "坚持把调查研究摆在突出位置。其余的话。"
    section.save()  # the search index follows the save
    response = client.get("/search/", {"q": "调查研究", "kind": "section"})
    text = visible(response)
    assert "坚持把调查研究摆在突出位置" in text and "无标题" not in text
