"""The editor and publisher groups made by the data migration."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def codenames(group: str) -> set[str]:
    return set(
        Group.objects.get(name=group).permissions.values_list("codename", flat=True)
    )


def test_editors_change_content_but_do_not_publish():
    permissions = codenames("editor")
    for model in ("essay", "section", "point", "topic", "collection", "watermarkword"):
        assert {f"view_{model}", f"change_{model}"} <= permissions
    assert "add_importupload" in permissions
    assert "publish_essay" not in permissions
    assert not any("apitoken" in name for name in permissions)


def test_publishers_may_also_publish():
    assert codenames("publisher") == codenames("editor") | {"publish_essay"}


def test_members_get_their_group_permissions(editor, publisher):
    assert editor.has_perm("essays.change_point")
    assert not editor.has_perm("essays.publish_essay")
    assert publisher.has_perm("essays.publish_essay")


def test_editors_cannot_delete_a_published_essay_publishers_can(
    editor_client, publisher_client, imported_corpus
):
    from django.urls import reverse

    from essays.models import Essay

    published = Essay.objects.get(position=1)
    url = reverse("admin:essays_essay_delete", args=[published.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403
    assert Essay.objects.filter(pk=published.pk).exists()
    changelist = editor_client.get(reverse("admin:essays_essay_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    draft = Essay.objects.get(position=2)
    draft.status = Essay.Status.DRAFT
    draft.save()
    draft_url = reverse("admin:essays_essay_delete", args=[draft.pk])
    assert editor_client.post(draft_url, {"post": "yes"}).status_code == 302
    assert publisher_client.post(url, {"post": "yes"}).status_code == 302
    assert not Essay.objects.filter(pk__in=[published.pk, draft.pk]).exists()
