"""Model rows and trees -> the API schemas' dicts, without further queries.

Callers load what is needed (selectors' select_related/prefetch_related);
these functions only read attributes, so query counts stay fixed.
"""

from django.http import HttpRequest

from essays.models import Collection, Essay, Point, Section, Topic, paragraphs
from essays.selectors import EssayTree, PointNode, SectionNode, point_anchor


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def topic_refs(instance: Essay | Point) -> list[dict]:
    """Topics prefetched with selectors.with_topics() (or, failing that, queried)."""
    topics = getattr(instance, "topic_list", None)
    if topics is None:
        topics = instance.topics.all()  # uses a plain prefetch when there is one
    return [{"name": topic.name, "slug": topic.slug} for topic in topics]


def topic_out(request: HttpRequest, topic: Topic) -> dict:
    return {
        "name": topic.name,
        "slug": topic.slug,
        "essay_count": topic.essay_count,
        "point_count": topic.point_count,
        "url": absolute(request, topic.get_absolute_url()),
    }


def collection_out(request: HttpRequest, collection: Collection) -> dict:
    return {
        "id": collection.pk,
        "title": collection.title,
        "site": collection.site,
        "source_published_at": collection.source_published_at,
        "essay_count": collection.essay_count,
        "url": absolute(request, collection.get_absolute_url()),
    }


def essay_out(request: HttpRequest, essay: Essay) -> dict:
    return {
        "id": essay.pk,
        "slug": essay.slug,
        "title": essay.title,
        "date": essay.date,
        "author": essay.author,
        "status": essay.status,
        "published_at": essay.published_at,
        "position": essay.position,
        "collection": {"id": essay.collection.pk, "title": essay.collection.title},
        "topics": topic_refs(essay),
        "url": absolute(request, essay.get_absolute_url()),
    }


def point_out(
    request: HttpRequest, point: Point, *, essay_slug: str, anchor: str
) -> dict:
    return {
        "id": point.pk,
        "essay": essay_slug,
        "section": point.section_id,
        "parent": point.parent_id,
        "position": point.position,
        "number": point.number,
        "label": point.label,
        "title": point.title,
        "body": paragraphs(point.body),
        "topics": topic_refs(point),
        "anchor": anchor,
        "url": absolute(request, point.get_absolute_url()),
    }


def flat_point_out(request: HttpRequest, point: Point) -> dict:
    """A point loaded with its essay, section and ancestors (lists, search)."""
    return point_out(
        request, point, essay_slug=point.essay.slug, anchor=point_anchor(point)
    )


def point_tree_out(request: HttpRequest, node: PointNode, essay_slug: str) -> dict:
    return {
        **point_out(request, node.point, essay_slug=essay_slug, anchor=node.anchor),
        "children": [
            point_tree_out(request, child, essay_slug) for child in node.children
        ],
    }


def section_out(request: HttpRequest, section: Section, essay: Essay) -> dict:
    return {
        "id": section.pk,
        "essay": essay.slug,
        "position": section.position,
        "number": section.number,
        "label": section.label,
        "title": section.title,
        "body": paragraphs(section.body),
        "category": section.category,
        "declared_count": section.declared_count,
        "anchor": section.anchor,
        "url": absolute(request, f"{essay.get_absolute_url()}#{section.anchor}"),
    }


def section_tree_out(request: HttpRequest, node: SectionNode, essay: Essay) -> dict:
    return {
        **section_out(request, node.section, essay),
        "points": [point_tree_out(request, child, essay.slug) for child in node.points],
    }


def essay_tree_out(request: HttpRequest, tree: EssayTree) -> dict:
    essay = tree.essay
    return {
        **essay_out(request, essay),
        "lead": essay.lead_paragraphs(),
        "closing": essay.closing_paragraphs(),
        "sections": [section_tree_out(request, node, essay) for node in tree.sections],
    }
