"""The essay list, the outline, reordering, inline editing and bulk actions."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from essays.models import Essay, Point, Section, Topic
from tests.conftest import SAMPLES, store

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:essays_essay_changelist")


def test_the_list_counts_sections_and_points(admin_client, imported_corpus):
    essay = imported_corpus.essays.order_by("position").first()
    html = admin_client.get(CHANGELIST).content.decode()
    row = html[html.index(f"/admin/essays/essay/{essay.pk}/change/") :]
    row = row[: row.index("</tr>")]
    assert f'<td class="field-section_count">{essay.sections.count()}</td>' in row
    assert f'<td class="field-point_count">{essay.points.count()}</td>' in row


def test_the_list_query_count_does_not_grow_with_the_essays(
    admin_client, imported_corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        small = admin_client.get(CHANGELIST)
    for path in sorted(SAMPLES.glob("*.txt")):
        store(path)
    assert Essay.objects.count() > 2 * imported_corpus.essays.count()
    with django_assert_max_num_queries(16):
        large = admin_client.get(CHANGELIST)
    assert small.status_code == large.status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=published", "如何做好新时期的基层党群工作"),
        ("topic=tong-zhan-gong-zuo", "浅谈如何做好新时期基层统战工作"),
        ("category=suggestions", "浅谈如何做好新时期基层统战工作"),
        ("q=人员配备不强", "浅谈如何做好新时期基层统战工作"),  # a point's title
    ],
)
def test_filters_and_search_find_essays(admin_client, imported_corpus, query, expected):
    response = admin_client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    titles = [essay.title for essay in response.context["cl"].result_list]
    assert any(expected in title for title in titles), titles


def test_filter_by_collection(admin_client, imported_corpus):
    response = admin_client.get(
        f"{CHANGELIST}?collection__id__exact={imported_corpus.pk}"
    )
    assert response.context["cl"].result_count == imported_corpus.essays.count()


def first_points(essay: Essay) -> list[Point]:
    section = essay.sections.filter(points__isnull=False).order_by("position").first()
    return list(section.points.filter(parent=None).order_by("position"))


def move(client, essay, node, direction, renumber=True):
    kind = "point" if isinstance(node, Point) else "section"
    data = {"move": f"{kind}:{node.pk}:{direction}"}
    if renumber:
        data["renumber"] = "on"
    return client.post(reverse("admin:essays_essay_move", args=[essay.pk]), data)


def test_moving_a_point_down_swaps_it_and_renumbers_the_labels(
    editor_client, imported_corpus
):
    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    first, second, *_ = first_points(essay)
    labels = (first.label, second.label)
    response = move(editor_client, essay, first, "down")
    assert response.status_code == 302 and response["Location"].endswith("#outline")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (2, 1)
    assert (second.label, first.label) == labels  # labels follow the new order
    assert second.title.startswith("人员配备不强")


def test_moving_without_renumbering_keeps_the_labels(editor_client, imported_corpus):
    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    first, second, *_ = first_points(essay)
    move(editor_client, essay, second, "up", renumber=False)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (1, 2)
    assert second.label.startswith("(二)") or "二" in second.label


def test_moving_past_the_end_is_a_warning_not_an_error(editor_client, imported_corpus):
    essay = imported_corpus.essays.order_by("position").first()
    section = essay.sections.order_by("position").first()
    response = move(editor_client, essay, section, "up")
    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "已经在最前" in page


def test_a_move_is_one_revision_of_the_essay(editor_client, editor, imported_corpus):
    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    first, *_ = first_points(essay)
    move(editor_client, essay, first, "down")
    version = Version.objects.get_for_object(essay).first()
    assert version.revision.user == editor
    assert "下移" in version.revision.comment
    assert (
        version.revision.version_set.filter(content_type__model="point").count()
        == essay.points.count()
    )


def inline_data(client, url):
    """The change form's current data, as the browser would post it back."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "topics":
            value = [topic.pk for topic in (value or [])]
        if value is None:
            continue
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        collect_formset(formset.formset, data)
    return data


def collect_formset(formset, data):
    management = formset.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = management.initial.get(name, 0)
    for form in formset.forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if hasattr(value, "pk"):
                value = value.pk
            if value is not None:
                data[form.add_prefix(name)] = value
        for nested in getattr(form, "nested_formsets", []):
            collect_formset(nested, data)


def test_points_are_edited_inline_in_their_section(admin_client, imported_corpus):
    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    first = first_points(essay)[0]
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    data = inline_data(admin_client, url)
    key = next(
        k
        for k, v in data.items()
        if k.endswith("-id") and v == first.pk and "points" in k
    )
    data[key.replace("-id", "-title")] = "新的要点标题。"
    response = admin_client.post(url, data)
    assert response.status_code == 302, (
        response.context["errors"] if response.context else ""
    )
    first.refresh_from_db()
    assert first.title == "新的要点标题。"


def test_a_new_point_added_inline_goes_last(admin_client, imported_corpus):
    essay = Essay.objects.get(title="浅谈如何做好新时期基层统战工作")
    section = essay.sections.order_by("position").first()
    before = section.points.filter(parent=None).count()
    url = reverse("admin:essays_point_change", args=[first_points(essay)[0].pk])
    data = inline_data(admin_client, url)
    prefix = "children"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = total + 1
    data[f"{prefix}-{total}-label"] = "一是"
    data[f"{prefix}-{total}-number"] = 1
    data[f"{prefix}-{total}-title"] = "新的子要点。"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    child = Point.objects.get(title="新的子要点。")
    assert child.section_id == section.pk and child.essay_id == essay.pk
    assert child.position == child.parent.children.count()
    assert section.points.filter(parent=None).count() == before


def publish_action(client, essays, action, topic=""):
    return client.post(
        CHANGELIST,
        {
            "action": action,
            "_selected_action": [essay.pk for essay in essays],
            "topic": topic,
        },
    )


def test_a_publisher_publishes_and_unpublishes_in_bulk(
    publisher_client, imported_samples
):
    essays = list(Essay.objects.order_by("pk")[:3])
    publish_action(publisher_client, essays, "unpublish")
    assert not Essay.objects.filter(
        pk__in=[e.pk for e in essays], status="published"
    ).exists()
    publish_action(publisher_client, essays, "publish")
    assert (
        Essay.objects.filter(pk__in=[e.pk for e in essays], status="published").count()
        == 3
    )


def test_an_editor_cannot_publish(editor_client, imported_corpus):
    Essay.objects.update(status=Essay.Status.DRAFT)
    page = editor_client.get(CHANGELIST)
    actions = dict(page.context["action_form"].fields["action"].choices)
    assert "publish" not in actions and "unpublish" not in actions
    assert "add_topic" in actions
    publish_action(editor_client, Essay.objects.all(), "publish")
    assert not Essay.objects.filter(status="published").exists()


def test_an_editor_sees_the_status_but_cannot_change_it(editor_client, imported_corpus):
    essay = imported_corpus.essays.first()
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.DRAFT)
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    form = editor_client.get(url).context["adminform"].form
    assert "status" not in form.fields
    data = inline_data(editor_client, url)
    data["status"] = "published"
    editor_client.post(url, data)
    essay.refresh_from_db()
    assert essay.status == Essay.Status.DRAFT


def test_a_publisher_can_publish_from_the_change_form(
    publisher_client, imported_corpus
):
    essay = imported_corpus.essays.first()
    Essay.objects.filter(pk=essay.pk).update(status=Essay.Status.DRAFT)
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    data = inline_data(publisher_client, url)
    data["status"] = "published"
    assert publisher_client.post(url, data).status_code == 302
    essay.refresh_from_db()
    assert essay.status == Essay.Status.PUBLISHED


def test_a_topic_is_added_to_and_removed_from_many_essays(
    editor_client, imported_corpus
):
    essays = list(Essay.objects.order_by("pk")[:2])
    publish_action(editor_client, essays, "add_topic", topic="新时代文明实践")
    topic = Topic.objects.get(name="新时代文明实践")
    assert set(Essay.objects.filter(topics=topic).values_list("pk", flat=True)) == {
        e.pk for e in essays
    }
    version = Version.objects.get_for_object(essays[0]).first()
    assert "添加主题" in version.revision.comment
    publish_action(editor_client, essays, "remove_topic", topic="新时代文明实践")
    assert not Essay.objects.filter(topics=topic).exists()


def test_a_topic_action_without_a_topic_says_what_is_missing(
    editor_client, imported_corpus
):
    response = publish_action(editor_client, Essay.objects.all()[:1], "add_topic")
    page = editor_client.get(response["Location"]).content.decode()
    assert "请填写主题名称" in page


def test_topics_are_picked_with_the_admin_autocomplete(editor_client, imported_corpus):
    essay = imported_corpus.essays.first()
    html = editor_client.get(
        reverse("admin:essays_essay_change", args=[essay.pk])
    ).content.decode()
    assert "admin-autocomplete" in html and 'data-field-name="topics"' in html
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "essays",
            "model_name": "essay",
            "field_name": "topics",
            "term": "统战",
        },
    )
    assert response.status_code == 200
    assert any("统战" in item["text"] for item in response.json()["results"])


def test_topics_saved_from_the_autocomplete_are_versioned(
    admin_client, imported_corpus
):
    essay = imported_corpus.essays.first()
    topic = Topic.objects.create(name="乡村振兴")
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    data = inline_data(admin_client, url)
    data["topics"] = [topic.pk]
    assert admin_client.post(url, data).status_code == 302
    assert list(essay.topics.names()) == ["乡村振兴"]
    revision = Version.objects.get_for_object(essay).first().revision
    tagged = revision.version_set.filter(content_type__model="taggedessay")
    assert [v.field_dict["tag_id"] for v in tagged] == [topic.pk]


def test_deleting_a_section_inline_closes_the_gap(admin_client, imported_corpus):
    essay = Essay.objects.filter(sections__position=3).first()
    url = reverse("admin:essays_essay_change", args=[essay.pk])
    data = inline_data(admin_client, url)
    second = essay.sections.get(position=2)
    key = next(
        k
        for k, v in data.items()
        if re.fullmatch(r"sections-\d+-id", k) and v == second.pk
    )
    data[key.replace("-id", "-DELETE")] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert not Section.objects.filter(pk=second.pk).exists()
    assert not Point.objects.filter(section_id=second.pk).exists()
    positions = list(
        Section.objects.filter(essay=essay)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, len(positions) + 1))
