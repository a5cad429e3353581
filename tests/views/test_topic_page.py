"""A topic's page: points in context (issue 16) and a cost that does not grow (11)."""

import re

import pytest

from essays import topic_pages
from essays.models import Point, Topic

pytestmark = pytest.mark.django_db

URL = "/topics/tong-zhan-gong-zuo/"


def shown(label: str) -> str:
    """A label as the page shows it (display typography: full-width brackets)."""
    return label.strip().translate(str.maketrans("(),:", "（），："))


def text(response) -> str:
    page = response.content.decode()
    page = page[page.index('id="points-heading"') :]
    page = re.sub(r"</(li|p|h3|h4)>", "\n", page)
    return re.sub(r"<[^>]+>", "", page)


def test_a_sub_point_stands_under_its_parents_label_and_title(client, imported_corpus):
    topic = Topic.objects.get(slug="tong-zhan-gong-zuo")
    sub = Point.objects.filter(topics=topic, parent__isnull=False).exclude(
        parent__topics=topic
    )[0]
    page = text(client.get(URL))
    heading = f"上级要点：{shown(sub.parent.label)}"
    assert heading in page
    # The parent's title is named, and the sub-point follows it.
    after = page[page.index(heading) :]
    assert shown(sub.parent.title[:8]) in after
    assert shown(sub.title[:6]) in after


def test_siblings_off_the_topic_are_named_not_skipped(client, imported_corpus):
    topic = Topic.objects.get(slug="tong-zhan-gong-zuo")
    page = text(client.get(URL))
    summaries = re.findall(r"同级另有(\d+)条未涉及本主题：([^。]*)。见原文", page)
    assert summaries
    # Every sibling of a listed point that is neither on the topic nor shown
    # as a parent is named in some summary, with the right count.
    listed = Point.objects.filter(topics=topic, essay__status="published")
    named = {label for _, labels in summaries for label in labels.split("、")}
    for point in listed:
        siblings = Point.objects.filter(
            section=point.section, parent_id=point.parent_id
        ).exclude(topics=topic)
        parents = set(listed.exclude(parent=None).values_list("parent_id", flat=True))
        for sibling in siblings.exclude(pk__in=parents):
            assert shown(sibling.label) in named, sibling
    for count, labels in summaries:
        assert int(count) == len(labels.split("、"))


def test_the_summary_links_to_the_original(client, imported_corpus):
    page = client.get(URL).content.decode()
    links = re.findall(r'<a href="([^"]+)">见原文</a>', page)
    assert links
    for link in links:
        path, anchor = link.split("#")
        essay_page = client.get(path)
        assert essay_page.status_code == 200
        assert f'id="{anchor}"' in essay_page.content.decode()


def test_readers_never_see_a_placeholder(client, imported_samples):
    for topic in Topic.objects.all():
        response = client.get(topic.get_absolute_url())
        if response.status_code == 200:
            assert "无标题" not in response.content.decode()


def test_queries_do_not_grow_with_the_points(
    client, imported_samples, django_assert_max_num_queries
):
    """Five with the topic cached (tests/test_topic_render.py), nine after a
    write (the topic, its first essays, the holders' two), however many
    points match. Rendered each time: with a cookie the readers' page cache
    steps aside, without a query."""
    client.cookies["rendered"] = "1"
    client.get(URL)
    with django_assert_max_num_queries(5):
        small = client.get(URL)
    # Many more points on the topic: every point of every essay.
    topic = Topic.objects.get(slug="tong-zhan-gong-zuo")
    before = Point.objects.filter(topics=topic).count()
    for point in Point.objects.exclude(topics=topic):
        point.topics.add(topic)
    assert Point.objects.filter(topics=topic).count() > 2 * before
    with django_assert_max_num_queries(9):
        large = client.get(URL)
    with django_assert_max_num_queries(5):
        client.get(URL)
    assert large.content.count(b"<li>") > small.content.count(b"<li>")


def test_pages_of_essays_with_counts_for_the_whole_topic(
    client, imported_samples, monkeypatch
):
    monkeypatch.setattr(topic_pages, "ESSAYS_PER_PAGE", 1)
    first = client.get(URL)
    page = topic_pages.topic_page("tong-zhan-gong-zuo", 1)
    assert page.page.paginator.num_pages > 1
    assert len(page.groups) == 1
    total = Point.objects.filter(
        topics__slug="tong-zhan-gong-zuo", essay__status="published"
    ).count()
    assert page.point_count == total
    assert f'要点 <span class="count">{total}</span>' in first.content.decode()
    last = topic_pages.topic_page("tong-zhan-gong-zuo", page.page.paginator.num_pages)
    assert last.groups[0].essay != page.groups[0].essay
    # Out of range: the last page, as Paginator.get_page gives.
    assert client.get(URL + "?page=999").status_code == 200
