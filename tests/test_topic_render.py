# ruff: noqa: E501 (REFERENCE is the template as it was, long lines and all)
"""The topic page renders what its template loops rendered, in fewer queries (issue 11).

The page's points are built by a template tag and their links by one URL
reversal a page (essays/templatetags/topic_page.py, essays/topic_pages.py),
for speed; `REFERENCE` is the page's template as it was before, with a
`{% for %}` a section, a run and a point, `get_absolute_url` a link and the
filters a string. Both render the same page objects and must agree.
"""

import re

import pytest
from django.db import connection
from django.http import Http404
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import get_script_prefix, set_script_prefix
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from hypothesis import given
from hypothesis import strategies as st

from essays import topic_pages, typography
from essays.models import Essay, Point, Topic
from essays.templatetags.typography import typeset_value

REFERENCE = """{% extends "base.html" %}
{% load static typography %}
{% block title %}{{ page.topic.name }} · 基层工作知识库{% endblock %}
{% block description %}“{{ page.topic.name }}”主题下的 {{ page.essay_count }} 篇文章和 {{ page.point_count }} 个要点。{% endblock %}
{% block head %}<link rel="stylesheet" href="{% static 'css/topic.css' %}">{% endblock %}
{% block content %}
<h1>{{ page.topic.name }}</h1>
<p class="meta">{{ page.essay_count }} 篇文章 · {{ page.point_count }} 个要点 · 下载学习材料：<a href="{% url 'essays:topic_handout' page.topic.slug %}">Word</a> · <a href="{% url 'essays:topic_handout_pdf' page.topic.slug %}">PDF</a> · <a href="{% url 'essays:search' %}?topic={{ page.topic.slug }}&amp;q={{ page.topic.name|urlencode }}">在本主题中搜索</a></p>
<section aria-labelledby="essays-heading" class="block">
  <h2 id="essays-heading">文章 <span class="count">{{ page.essay_count }}</span></h2>
  <ul class="essay-list">{% for essay in page.essays %}{% include "essays/_essay_item.html" %}{% empty %}<li>暂无。</li>{% endfor %}</ul>
  {% if page.essay_count > page.essays|length %}<p><a href="{% url 'essays:essay_list' %}?topic={{ page.topic.slug }}">全部 {{ page.essay_count }} 篇文章 →</a></p>{% endif %}
</section>
<section aria-labelledby="points-heading" class="block">
  <h2 id="points-heading">要点 <span class="count">{{ page.point_count }}</span></h2>
  {% for group in page.groups %}
  <div class="group">
    <h3><a href="{{ group.essay.get_absolute_url }}">{{ group.essay.title|typeset:group.essay }}</a> <span class="count">{{ group.point_count }}</span></h3>
    {% for part in group.sections %}
    <h4 class="group-section"><a href="{{ part.original }}">{% if part.section.label %}<span class="label">{{ part.section.label|typeset_label:group.essay }}</span>{% endif %}{{ part.section|section_heading|typeset:group.essay }}</a></h4>
    {% for run in part.runs %}
    <div class="run{% if run.parent %} sub{% endif %}">
      {% if run.parent and not run.parent_shown %}<p class="run-parent"><span class="context-mark">上级要点：</span><a href="{{ run.parent.get_absolute_url }}">{% if run.parent.label %}<span class="label">{{ run.parent.label|typeset_label:group.essay }}</span>{% endif %}{{ run.parent.title|clip:40|typeset:group.essay }}</a></p>{% endif %}
      <ul class="point-list">
        {% for point in run.points %}<li><a href="{{ point.get_absolute_url }}">{% if point.label %}<span class="label">{{ point.label|typeset_label:group.essay }}</span>{% endif %}{{ point.title|typeset:group.essay }}</a></li>{% endfor %}
      </ul>
      {% if run.others %}<p class="run-others">同级另有{{ run.others|length }}条未涉及本主题：{{ run.others_named|typeset:group.essay }}。<a href="{{ run.original }}">见原文</a></p>{% endif %}
    </div>
    {% endfor %}
    {% endfor %}
  </div>
  {% empty %}<p>暂无要点。</p>
  {% endfor %}
  {% include "essays/_pagination.html" with page=page.page %}
</section>
{% endblock %}
"""


def both(slug: str, number: int) -> tuple[str, str]:
    """The page as the view renders it, and as the reference template did."""
    request = RequestFactory().get(f"/topics/{slug}/", {"page": number})
    page = topic_pages.topic_page(slug, number)
    now = render_to_string("essays/topic_detail.html", {"page": page}, request)
    then = engines["django"].from_string(REFERENCE).render({"page": page}, request)
    return now, then


def same_html(now: str, then: str) -> bool:
    """Equal but for whitespace (a run of it counts as one space)."""
    return re.sub(r"\s+", " ", now) == re.sub(r"\s+", " ", then)


def every_page() -> list[str]:
    """Every page of every topic a reader can open, as rendered now (checked)."""
    pages = []
    for topic in Topic.objects.order_by("slug"):
        try:
            page = topic_pages.topic_page(topic.slug, 1)
        except Http404:
            continue
        for number in page.page.paginator.page_range:
            now, then = both(topic.slug, number)
            assert same_html(now, then), (topic.slug, number)
            pages.append(now)
    return pages


@pytest.mark.django_db
def test_every_topic_page_shows_what_the_template_loops_showed(
    imported_samples, monkeypatch
):
    monkeypatch.setattr(topic_pages, "ESSAYS_PER_PAGE", 2)  # several pages each
    pages = every_page()
    assert len(pages) > 10
    shown = "".join(pages)
    # Every branch of the markup was compared: a sub-point's parent, the
    # siblings named, labels, untitled sections named by their words.
    for markup in (
        'class="run-parent"',
        'class="run-others"',
        'class="run sub"',
        '<h4 class="group-section"><a href="/essays/',
        '<li><a href="/points/',
        '<span class="label">（',
    ):
        assert markup in shown, markup


@pytest.mark.django_db
def test_markup_in_titles_is_escaped_and_typography_can_be_off(imported_samples):
    topic = Topic.objects.get(slug="tong-zhan-gong-zuo")
    tagged = Point.objects.filter(topics=topic)
    for point in tagged.filter(parent__isnull=False)[:3]:
        # A parent named above its points, and siblings named in a summary.
        parent = point.parent
        parent.title = '<b>"上级"</b> & 要点,(二)'
        parent.save()
    for n, point in enumerate(tagged[:6]):
        point.label = "(2)" if n % 2 else " "
        point.title = f'<i>标题</i>"{n}",含 & 和 <script>'
        point.save()
    essay = tagged[0].essay
    Essay.objects.filter(pk=essay.pk).update(typography=False)
    now, then = both(topic.slug, 1)
    assert same_html(now, then)
    assert "&lt;i&gt;标题&lt;/i&gt;&quot;" in now
    assert "<script>" not in now


@pytest.mark.django_db
def test_point_links_are_their_get_absolute_url(imported_corpus):
    points = list(Point.objects.all())
    assert points
    before = get_script_prefix()
    for prefix in ("/", "/kb/"):  # behind a proxy at /kb/ too
        set_script_prefix(prefix)
        try:
            url = topic_pages.point_urls()
            for point in points:
                assert url(point.pk) == point.get_absolute_url()
        finally:
            set_script_prefix(before)


@pytest.mark.django_db
def test_five_queries_a_page_however_many_points_and_none_to_render(
    imported_samples, django_assert_num_queries
):
    """The content version, the points, their essays, their sections, their
    siblings; rendering reads nothing (no field the page shows is deferred)."""
    slug = "tong-zhan-gong-zuo"
    request = RequestFactory().get(f"/topics/{slug}/")
    topic_pages.topic_page(slug, 1)  # the topic read and kept
    counts = []
    for _ in range(2):
        with django_assert_num_queries(5):
            page = topic_pages.topic_page(slug, 1)
        with django_assert_num_queries(0):
            html = render_to_string("essays/topic_detail.html", {"page": page}, request)
        counts.append(html.count('<li><a href="/points/'))
        # Many more points on the topic: every point of every essay.
        topic = Topic.objects.get(slug=slug)
        for point in Point.objects.exclude(topics=topic):
            point.topics.add(topic)
        topic_pages.cache.clear()
        topic_pages.topic_page(slug, 1)
    assert counts[1] > counts[0]


@pytest.mark.django_db
def test_a_cold_page_reads_the_topic_once(imported_samples):
    """After a write: the topic, its essays and its holders' two reads, then
    the page's five queries; the next page of the same topic, five."""
    with CaptureQueriesContext(connection) as cold:
        topic_pages.topic_page("tong-zhan-gong-zuo", 1)
    with CaptureQueriesContext(connection) as warm:
        topic_pages.topic_page("tong-zhan-gong-zuo", 2)
    assert (len(cold), len(warm)) == (9, 5)


# Typography's shortcuts (essays/typography.py) give what its full rules give.
TEXTS = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),
        st.sampled_from(list(",:;?!()....… \t1234567890abcXY/@")),
        st.sampled_from(["https://a.cn/x?y=1,z", "a@b.cn", "1,000", "3:30"]),
    ),
    max_size=30,
).map("".join)


@given(TEXTS, st.booleans())
def test_text_without_tags_takes_the_shortcut_to_the_same_result(text, label):
    full = typography.typeset_markup.__wrapped__(text, label)
    assert typography.typeset_plain.__wrapped__(text, label) == full
    assert typography.typeset_html(text, then_chinese=label) == full
    assert typography.typeset_text(text, then_chinese=label) == full


@pytest.mark.django_db
def test_the_corpus_typesets_the_same_through_the_cache(imported_samples):
    strings = {s for p in Point.objects.all() for s in (p.label, p.title)}
    for text in strings:
        for label in (False, True):
            full = typography.typeset_markup.__wrapped__(str(escape(text)), label)
            assert typography.typeset_html(escape(text), then_chinese=label) == full


def test_a_string_marked_safe_once_is_not_safe_from_the_cache():
    text = "中文,<b>加粗</b>"
    safe = typeset_value(mark_safe(text), None, autoescape=False, then_chinese=False)
    plain = typeset_value(text, None, autoescape=False, then_chinese=False)
    assert isinstance(safe, SafeData)
    assert plain == "中文，<b>加粗</b>" and not isinstance(plain, SafeData)
