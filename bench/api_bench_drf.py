"""The essay tree through Django REST Framework: the peer in bench/api_bench.py.

What a DRF user would write for GET /api/v1/essays/{slug}: serializers over
the same selector (essays.selectors.essay_tree, same queries) answering the
same JSON content as the API's EssayTreeOut.
"""

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from essays import selectors
from essays.models import Collection, Topic, paragraphs


class DateTimeField(serializers.DateTimeField):
    """As Django (and the API) write it: UTC as Z, milliseconds."""

    def to_representation(self, value):
        return None if value is None else DjangoJSONEncoder().default(value)


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug"]


class CollectionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collection
        fields = ["id", "title"]


class PointNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="point.pk")
    essay = serializers.SerializerMethodField()
    section = serializers.IntegerField(source="point.section_id")
    parent = serializers.IntegerField(source="point.parent_id", allow_null=True)
    position = serializers.IntegerField(source="point.position")
    number = serializers.IntegerField(source="point.number", allow_null=True)
    label = serializers.CharField(source="point.label")
    title = serializers.CharField(source="point.title")
    body = serializers.SerializerMethodField()
    topics = TopicRefSerializer(source="point.topic_list", many=True)
    anchor = serializers.CharField()
    url = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    def get_essay(self, node) -> str:
        return self.context["essay"].slug

    def get_body(self, node) -> list[str]:
        return paragraphs(node.point.body)

    def get_url(self, node) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(node.point.get_absolute_url())

    def get_children(self, node) -> list:
        return PointNodeSerializer(node.children, many=True, context=self.context).data


class SectionNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="section.pk")
    essay = serializers.SerializerMethodField()
    position = serializers.IntegerField(source="section.position")
    number = serializers.IntegerField(source="section.number", allow_null=True)
    label = serializers.CharField(source="section.label")
    title = serializers.CharField(source="section.title")
    body = serializers.SerializerMethodField()
    category = serializers.CharField(source="section.category")
    declared_count = serializers.IntegerField(
        source="section.declared_count", allow_null=True
    )
    anchor = serializers.CharField()
    url = serializers.SerializerMethodField()
    points = PointNodeSerializer(many=True)

    def get_essay(self, node) -> str:
        return self.context["essay"].slug

    def get_body(self, node) -> list[str]:
        return paragraphs(node.section.body)

    def get_url(self, node) -> str:
        essay = self.context["essay"]
        path = f"{essay.get_absolute_url()}#{node.anchor}"
        return self.context["request"].build_absolute_uri(path)


class EssayTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="essay.pk")
    slug = serializers.CharField(source="essay.slug")
    title = serializers.CharField(source="essay.title")
    date = serializers.DateField(source="essay.date", allow_null=True)
    author = serializers.CharField(source="essay.author")
    status = serializers.CharField(source="essay.status")
    published_at = DateTimeField(source="essay.published_at", allow_null=True)
    position = serializers.IntegerField(source="essay.position")
    collection = CollectionRefSerializer(source="essay.collection")
    topics = TopicRefSerializer(source="essay.topics", many=True)
    url = serializers.SerializerMethodField()
    lead = serializers.SerializerMethodField()
    closing = serializers.SerializerMethodField()
    sections = SectionNodeSerializer(many=True)

    def get_url(self, tree) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(tree.essay.get_absolute_url())

    def get_lead(self, tree) -> list[str]:
        return tree.essay.lead_paragraphs()

    def get_closing(self, tree) -> list[str]:
        return tree.essay.closing_paragraphs()


class EssayTreeView(APIView):
    def get(self, request, slug: str) -> Response:
        tree = selectors.essay_tree(slug, point_topics=True)
        context = {"request": request, "essay": tree.essay}
        return Response(EssayTreeSerializer(tree, context=context).data)
