"""The reader site on the imported reference document."""

import pytest
from django.contrib.auth import get_user_model

from essays.models import Essay, Point, Section, Topic
from essays.services import editing
from essays.services.recording import COMMAND

pytestmark = pytest.mark.django_db


def largest_essay() -> Essay:
    return max(Essay.objects.all(), key=lambda essay: essay.points.count())


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_home_lists_collections_essays_and_topics(client, imported_corpus):
    page = html(client.get("/"))
    assert imported_corpus.title in page
    for essay in Essay.objects.all():
        assert essay.title in page
    assert "统战工作" in page
    assert 'role="search"' in page


def test_home_query_count_is_fixed(
    client, imported_samples, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        client.get("/")


def test_essay_list_filters_by_topic_and_category(client, imported_corpus):
    tongzhan = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    first = Essay.objects.get(position=1)
    page = html(client.get("/essays/?category=suggestions"))
    assert tongzhan.get_absolute_url() in page
    assert first.get_absolute_url() not in page
    page = html(client.get("/essays/?topic=tong-zhan-gong-zuo"))
    assert tongzhan.title in page


def test_essay_list_query_count_does_not_grow(
    client, imported_samples, django_assert_max_num_queries
):
    assert Essay.objects.count() > 10
    with django_assert_max_num_queries(6):
        html(client.get("/essays/"))


def test_essay_page_shows_outline_anchors_and_labels_as_written(
    client, imported_corpus
):
    essay = Essay.objects.get(position=1)
    page = html(client.get(essay.get_absolute_url()))
    assert 'href="#s1"' in page and 'id="s1"' in page
    assert 'href="#s1-p7"' in page and 'id="s1-p7"' in page
    assert 'id="s1-p5-2"' in page  # 第五 -> 二是: a sub-point's path
    assert "第一部分：" in page and "第七，" in page and "要管监督。" in page
    assert "(2010年4月20日)" not in page and "2010年4月20日" in page
    # Shown with Chinese punctuation (display typography; stored as written).
    closing = essay.closing_paragraphs()[0]
    assert "," in closing
    assert closing.translate(str.maketrans(",;", "，；")) in page
    seventh = Point.objects.get(
        essay=essay, section__position=1, parent=None, position=7
    )
    assert f'href="/points/{seventh.pk}/"' in page


@pytest.mark.parametrize("position", [1, 2, 3])
def test_essay_page_query_count_does_not_grow_with_the_essay(
    client, imported_corpus, django_assert_max_num_queries, position
):
    essay = Essay.objects.get(position=position)
    # The readers' page cache's two (the versions before rendering, the
    # essay's counter with the content version after), the essay's id by its
    # slug and its counter, then its rows: the essay, its topics, sections,
    # points and their topics (selectors.published_rows).
    with django_assert_max_num_queries(9):
        html(client.get(essay.get_absolute_url()))
    # Rendered again (a reader with other cookies gets no kept copy): the
    # rows are kept, two queries whatever the essay's size.
    client.cookies["messages"] = "something for this reader"
    with django_assert_max_num_queries(2):
        page = html(client.get(essay.get_absolute_url()))
    assert essay.title in page


def test_an_essays_rows_are_read_once_for_its_page_and_its_points_pages(
    client, imported_corpus, django_assert_max_num_queries
):
    essay = Essay.objects.get(position=1)
    client.get(essay.get_absolute_url())
    for point in Point.objects.filter(essay=essay).order_by("pk")[:10]:
        # The page cache's two, the point's essay and its counter, the
        # structure version, the related points' ranking (up to two levels,
        # then kept) and the related points: never the essay's rows.
        with django_assert_max_num_queries(8) as captured:
            assert client.get(point.get_absolute_url()).status_code == 200
        tables = " ".join(query["sql"] for query in captured.captured_queries)
        assert "essays_section" not in tables


def test_an_edit_shows_on_the_pages_that_share_the_essays_rows(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    first, second = Point.objects.filter(
        essay=essay, section__position=1, parent=None
    ).order_by("position")[:2]
    client.get(essay.get_absolute_url())
    client.get(second.get_absolute_url())
    editing.update(first, actor=None, channel=COMMAND, title="改过的第一个要点")
    # The essay page and the next point's page (its "previous" link) alike.
    assert "改过的第一个要点" in html(client.get(essay.get_absolute_url()))
    assert "改过的第一个要点" in html(client.get(second.get_absolute_url()))
    essay.status = Essay.Status.DRAFT
    essay.save()
    assert client.get(essay.get_absolute_url()).status_code == 404
    assert client.get(second.get_absolute_url()).status_code == 404


def test_drafts_are_404_for_readers_and_bannered_for_staff(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    essay.status = Essay.Status.DRAFT
    essay.save()
    point = essay.points.first()
    assert client.get(essay.get_absolute_url()).status_code == 404
    assert client.get(point.get_absolute_url()).status_code == 404
    assert client.get(f"{essay.get_absolute_url()}export.docx").status_code == 404
    assert essay.get_absolute_url() not in html(client.get("/"))
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    assert "草稿预览" in html(client.get(essay.get_absolute_url()))
    assert "草稿预览" in html(client.get(point.get_absolute_url()))


def test_unknown_pages_are_chinese_404s(client, imported_corpus):
    for url in (
        "/essays/no-such-essay/",
        "/points/999999/",
        "/topics/nope/",
        "/guidance/x/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "页面不存在" in response.content.decode()


def test_point_page_has_breadcrumb_neighbours_subpoints_and_related(
    client, imported_corpus, django_assert_max_num_queries
):
    essay = Essay.objects.get(position=1)
    fifth = Point.objects.get(essay=essay, section__position=1, parent=None, position=5)
    # The page cache's two, the point's essay and its counter, the essay's
    # rows (five: selectors.published_rows), the structure version, the
    # related points' ranking (one query for each of this point's two topic
    # levels, then kept per structure version) and the points ranked.
    with django_assert_max_num_queries(12):
        page = html(client.get(fifth.get_absolute_url()))
    assert imported_corpus.title in page and essay.title in page
    assert "基层党组织的领导干部应该做什么？" in page  # the section in the breadcrumb
    assert "管工作作风。" in page and "管生活作风。" in page  # its sub-points
    assert "要管企业文化建设。" in page  # previous point
    assert f"#{'s1-p5'}" in page  # link back into the essay


def test_topics_index_and_topic_page(
    client, imported_corpus, django_assert_max_num_queries
):
    topic = Topic.objects.get(name="统战工作")
    assert topic.name in html(client.get("/topics/"))
    # Eleven small queries: the page cache's versions, then the page's own,
    # the holders' two included (tests/views/test_topic_page.py), then the
    # listed essays' counters with the content version for the cached copy.
    with django_assert_max_num_queries(11):
        page = html(client.get(topic.get_absolute_url()))
    assert "浅谈如何做好新时期基层统战工作" in page
    assert "handout.docx" in page


def test_guidance_lists_sections_of_one_category(client, imported_corpus):
    page = html(client.get("/guidance/suggestions/"))
    assert "几点建议" in page
    assert "要依靠党委，把主动点放在争取领导重视上。" in page
    problems = html(client.get("/guidance/problems/"))
    assert "几点建议" not in problems


def test_guidance_query_count_is_fixed(
    client, imported_samples, django_assert_max_num_queries
):
    assert Section.objects.filter(category="other").count() > 3
    with django_assert_max_num_queries(6):  # the page cache's version first
        html(client.get("/guidance/other/"))


def test_compare_puts_essays_side_by_side(client, imported_corpus):
    first, third = Essay.objects.get(position=1), Essay.objects.get(position=3)
    page = html(client.get(f"/compare/?essays={first.slug},{third.slug}"))
    assert page.index("要管大事。") < page.index("认识不够到位，工作力度不大。")
    picker = html(client.get(f"/compare/?pick={third.slug}&pick={first.slug}"))
    assert picker.index("认识不够到位，工作力度不大。") < picker.index("要管大事。")
    assert "选择要对比的文章" in html(client.get("/compare/?essays=nope"))


def test_search_finds_points_with_every_word_and_marks_them(client, imported_corpus):
    page = html(client.get("/search/", {"q": "统战 制度"}))
    assert "<mark>统战</mark>" in page
    assert (
        "要建立机制,把着重点放在完善制度上。" in page or "完善<mark>制度</mark>" in page
    )
    assert "要管大事。" not in page


def test_search_escapes_the_query(client, imported_corpus):
    page = html(client.get("/search/", {"q": "<script>alert(1)</script>"}))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_search_filters_by_topic_and_paginates(
    client, imported_samples, django_assert_max_num_queries
):
    # The topic counts cost the content version's query, then come from the
    # cache (selectors.public_topic_counts).
    with django_assert_max_num_queries(7):
        page = html(client.get("/search/", {"q": "工作"}))
    assert "第 1 /" in page and "page=2" in page
    topic_only = html(
        client.get("/search/", {"q": "工作", "topic": "tong-zhan-gong-zuo"})
    )
    assert topic_only.count('class="hit"') <= page.count('class="hit"')


def test_feed_sitemap_canonical_and_description(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    feed = client.get("/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert essay.title in feed.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert essay.get_absolute_url() in sitemap and "/topics/" in sitemap
    page = html(client.get(essay.get_absolute_url()))
    assert f'rel="canonical" href="http://testserver{essay.get_absolute_url()}"' in page
    assert '<meta name="description" content="' in page


def test_essay_list_names_its_filter_and_refuses_unknown_ones(client, imported_corpus):
    page = html(client.get(f"/essays/?collection={imported_corpus.pk}"))
    assert f"汇编《{imported_corpus.title}》" in page and "清除筛选" in page
    assert "主题“统战工作”的文章" in html(
        client.get("/essays/?topic=tong-zhan-gong-zuo")
    )
    for query in ("topic=nope", "collection=999999", "category=bogus"):
        assert client.get(f"/essays/?{query}").status_code == 404


def test_topic_page_lists_sub_points_under_their_parent(client, imported_corpus):
    page = html(client.get("/topics/tong-zhan-gong-zuo/"))
    first_sub = page.index("个别领导干部统战观念淡薄")
    assert page.index("认识不够到位，工作力度不大。") < first_sub
    assert (
        first_sub
        < page.index("基层群众对统战工作缺乏起码的了解")
        < page.index("人员配备不强")
    )


def test_sitemap_lists_point_permalinks(client, imported_corpus):
    sitemap = client.get("/sitemap.xml").content.decode()
    point = Point.objects.filter(essay__status="published").first()
    assert point.get_absolute_url() in sitemap


def test_search_ranks_points_that_contain_the_words_first(client, imported_corpus):
    page = html(client.get("/search/", {"q": "统战 建议"}))
    hits = page.split('class="hit"')[1:]
    assert "<mark>" in hits[0].split("</a>")[0] + hits[0].split('class="snippet"')[-1]


def test_server_errors_get_a_chinese_page_without_touching_the_database(
    rf, django_assert_num_queries
):
    from essays.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()


def test_a_sub_point_is_related_through_its_parents_topics(client, imported_corpus):
    sub = (
        Point.objects.filter(parent__isnull=False, topics__isnull=True)
        .exclude(parent__topics__isnull=True)
        .first()
    )
    page = html(client.get(sub.get_absolute_url()))
    assert "相关要点" in page


def make_draft_only(collection) -> None:
    collection.essays.update(status=Essay.Status.DRAFT)


def test_a_draft_only_collection_answers_like_an_unknown_one(client, imported_corpus):
    make_draft_only(imported_corpus)
    draft = client.get(f"/essays/?collection={imported_corpus.pk}")
    unknown = client.get("/essays/?collection=999999")
    assert draft.status_code == unknown.status_code == 404
    assert draft.content == unknown.content
    assert imported_corpus.title not in draft.content.decode()


def test_a_topic_only_drafts_use_answers_like_an_unknown_one(client, imported_corpus):
    essay = Essay.objects.get(position=1)
    essay.status = Essay.Status.DRAFT
    essay.save()
    essay.topics.add("只在草稿里的主题")
    slug = Topic.objects.get(name="只在草稿里的主题").slug
    for url in (f"/topics/{slug}/", f"/topics/{slug}/handout.docx"):
        assert client.get(url).status_code == 404
    draft = client.get(f"/essays/?topic={slug}")
    unknown = client.get("/essays/?topic=no-such-topic")
    assert draft.status_code == unknown.status_code == 404
    assert draft.content == unknown.content
    assert "只在草稿里的主题" not in html(client.get("/topics/"))
    assert "只在草稿里的主题" not in html(client.get("/"))
    assert f"/topics/{slug}/" not in client.get("/sitemap.xml").content.decode()


def test_topic_and_list_pages_keep_their_query_counts_with_drafts_around(
    client, imported_samples, django_assert_max_num_queries
):
    make_draft_only(imported_samples)
    with django_assert_max_num_queries(7):  # counts as on the search page
        html(client.get("/essays/?topic=tong-zhan-gong-zuo"))
    with django_assert_max_num_queries(4):
        html(client.get("/topics/"))


def test_every_public_page_title_names_the_site(client, imported_corpus):
    point = Point.objects.filter(essay__status="published").first()
    for url in (
        "/",
        "/essays/",
        point.essay.get_absolute_url(),
        f"/points/{point.pk}/",
    ):
        page = client.get(url).content.decode()
        title = page[page.index("<title>") : page.index("</title>")]
        assert title.endswith("基层工作知识库"), (url, title)


def test_a_kind_with_no_hits_is_not_a_link(client, imported_corpus):
    page = client.get("/search/", {"q": "统站工作联系卡"}).content.decode()
    assert "<strong>要点 0</strong>" in page
    assert "kind=point" not in page
