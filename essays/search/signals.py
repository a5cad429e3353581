"""Saves, deletes and topic changes reindex what they touched (same transaction)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from essays.models import Essay, Point, Section, TaggedEssay, TaggedPoint
from essays.search import indexing
from essays.search.models import DictionaryTerm


def on_save(sender, instance, **kwargs) -> None:
    indexing.index_object(instance)


def on_tags_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    target = Point if sender is TaggedPoint else Essay
    if not reverse:  # essay.topics.add(…): one object changed
        indexing.update_topics(target, instance.pk)
        return
    # topic.essays.add(…) or topic.essays.clear(): the objects named, or all
    # that had the topic (clear() names none).
    ids = pk_set or sender.objects.filter(tag=instance).values_list(
        "content_object_id", flat=True
    )
    for object_id in list(ids):
        indexing.update_topics(target, object_id)


def on_tag_row(sender, instance, **kwargs) -> None:
    """A through row saved or deleted directly (history, a deleted topic)."""
    target = Point if sender is TaggedPoint else Essay
    indexing.update_topics(target, instance.content_object_id)


def on_dictionary_term(sender, instance, **kwargs) -> None:
    from essays.search import dictionary

    dictionary.add(instance.word)


def connect() -> None:
    for model in (Essay, Section, Point):
        post_save.connect(on_save, sender=model, dispatch_uid=f"search-save-{model}")
    for through in (TaggedEssay, TaggedPoint):
        m2m_changed.connect(
            on_tags_changed, sender=through, dispatch_uid=f"search-m2m-{through}"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                on_tag_row,
                sender=through,
                dispatch_uid=f"search-tag-{signal}-{through}",
            )
    post_save.connect(
        on_dictionary_term, sender=DictionaryTerm, dispatch_uid="search-dictionary"
    )
