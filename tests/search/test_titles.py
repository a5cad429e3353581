"""A hit is never titled with a placeholder (issue 16: readers never see 无标题)."""

import pytest

from essays.models import Point, Section
from tests.search.conftest import everything

pytestmark = pytest.mark.django_db


def test_an_untitled_point_is_named_by_its_first_sentence(corpus):
    point = Point.objects.filter(parent=None, essay__status="published").first()
    point.label, point.title = "", ""
    point.body = "推行网格化管理，做到人在格中走。其余的话。"
    point.save()
    (hit,) = [hit for hit in everything("网格化管理").hits if hit.object_id == point.pk]
    title = hit.title_html.replace("<mark>", "").replace("</mark>", "")
    assert title.startswith("推行网格化管理，做到人在格中走")


def test_an_untitled_section_is_named_by_its_own_words(corpus):
    section = Section.objects.filter(essay__status="published").first()
    section.label, section.title = "", ""
    section.body = "建立联系点制度。其余的话。"
    section.save()
    results = everything("联系点制度")
    (hit,) = [hit for hit in results.hits if hit.kind == "section"]
    title = hit.title_html.replace("<mark>", "").replace("</mark>", "")
    assert "无标题" not in title and "联系点制度" in title
    for hit in results.hits:
        assert "无标题" not in hit.section_title
