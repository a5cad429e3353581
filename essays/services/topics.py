"""Topics of essays and points: the one place that changes them.

One lookup rule everywhere (the writer, the API, the admin's bulk actions):
a name is stripped and matched case-insensitively; a new name makes a new
topic. Every change of an essay's or a point's topics moves the essay's (and
the point's) `updated_at`, which ETag and Last-Modified come from, and the
content version, in the same transaction as the change and its revision.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from essays import content_version, history
from essays.models import Essay, Point, TaggedEssay, Topic
from essays.services import recording
from essays.services.recording import Channel


def clean_name(name: str) -> str:
    """A topic name as stored: stripped, with inner runs of spaces made one."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("请填写主题名称。")
    return name


def find_topics(names: Iterable[str]) -> dict[str, Topic]:
    """Existing topics for `names`, keyed by lower-cased name (one query)."""
    keys = {name.lower() for name in names}
    found = Topic.objects.annotate(key=Lower("name")).filter(key__in=keys)
    return {topic.name.lower(): topic for topic in found}


def topics_by_name(names: Iterable[str]) -> dict[str, Topic]:
    """Topic rows for `names` (clean ones), created with pinyin slugs when missing."""
    wanted = list(dict.fromkeys(names))
    found = find_topics(wanted)
    topics = {}
    for name in wanted:
        key = name.lower()
        if key not in found:
            found[key] = Topic.objects.create(name=name)
        topics[name] = found[key]
    return topics


def touch(essay_ids: Iterable[int], point_ids: Iterable[int] = ()) -> None:
    """The essays' (and points') topics changed: move Last-Modified on."""
    now = timezone.now()
    Essay.objects.filter(pk__in=set(essay_ids)).update(updated_at=now)
    point_ids = set(point_ids)
    if point_ids:
        Point.objects.filter(pk__in=point_ids).update(updated_at=now)
    content_version.bump()  # queryset updates send no signals


@transaction.atomic
def set_topics(
    instance: Essay | Point, names: list[str], *, actor, channel: Channel
) -> list[str]:
    """Replace the topics of an essay or point; new topic names are created."""
    cleaned = list(dict.fromkeys(clean_name(name) for name in names if name.strip()))
    topics = list(topics_by_name(cleaned).values())
    essay_id = instance.pk if isinstance(instance, Essay) else instance.essay_id
    comment = f"设置主题：{'、'.join(cleaned) or '（无）'}"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        instance.topics.set(topics)
        point_ids = [instance.pk] if isinstance(instance, Point) else []
        touch([essay_id], point_ids)
        history.add_tree(instance)
    return [topic.name for topic in topics]


def tagged_ids(topic: Topic, essays: list[Essay]) -> set[int]:
    return set(
        TaggedEssay.objects.filter(tag=topic, content_object__in=essays).values_list(
            "content_object_id", flat=True
        )
    )


@transaction.atomic
def add_topic(
    essays: Iterable[Essay], name: str, *, actor, channel: Channel
) -> list[Essay]:
    """Tag `essays` with the topic `name` (created if new); returns those changed."""
    name = clean_name(name)
    topic = topics_by_name([name])[name]
    essays = list(essays)
    tagged = tagged_ids(topic, essays)
    changed = [essay for essay in essays if essay.pk not in tagged]
    comment = f"添加主题“{topic.name}”"
    record(changed, actor, channel, comment, lambda essay: essay.topics.add(topic))
    return changed


@transaction.atomic
def remove_topic(
    essays: Iterable[Essay], name: str, *, actor, channel: Channel
) -> list[Essay]:
    """Take the topic `name` off `essays`; returns those that had it."""
    topic = find_topics([clean_name(name)]).get(clean_name(name).lower())
    if topic is None:
        return []
    essays = list(essays)
    tagged = tagged_ids(topic, essays)
    changed = [essay for essay in essays if essay.pk in tagged]
    comment = f"移除主题“{topic.name}”"
    record(changed, actor, channel, comment, lambda essay: essay.topics.remove(topic))
    return changed


def record(changed: list[Essay], actor, channel: Channel, comment: str, change):
    """Apply `change` to each essay in one revision, and move Last-Modified on."""
    if not changed:
        return
    with recording.revision(actor=actor, channel=channel, comment=comment):
        for essay in changed:
            change(essay)
        touch(essay.pk for essay in changed)
        for essay in changed:
            history.add_tree(essay)  # with its topic rows
