"""Add a topic to, or remove it from, many essays at once (admin bulk actions)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from essays.models import Essay, TaggedEssay, Topic


def clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("请填写主题名称。")
    return name


@transaction.atomic
def add_topic(essays: Iterable[Essay], name: str) -> list[Essay]:
    """Tag `essays` with the topic `name` (created if new); returns those changed."""
    name = clean_name(name)
    topic = Topic.objects.filter(name__iexact=name).first() or Topic.objects.create(
        name=name
    )
    essays = list(essays)
    tagged = set(
        TaggedEssay.objects.filter(tag=topic, content_object__in=essays).values_list(
            "content_object_id", flat=True
        )
    )
    changed = [essay for essay in essays if essay.pk not in tagged]
    for essay in changed:
        essay.topics.add(topic)
    return changed


@transaction.atomic
def remove_topic(essays: Iterable[Essay], name: str) -> list[Essay]:
    """Take the topic `name` off `essays`; returns those that had it."""
    topic = Topic.objects.filter(name__iexact=clean_name(name)).first()
    if topic is None:
        return []
    essays = list(essays)
    tagged = set(
        TaggedEssay.objects.filter(tag=topic, content_object__in=essays).values_list(
            "content_object_id", flat=True
        )
    )
    changed = [essay for essay in essays if essay.pk in tagged]
    for essay in changed:
        essay.topics.remove(topic)
    return changed
