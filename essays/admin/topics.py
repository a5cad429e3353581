"""Topics and the editors' watermark words."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from essays.admin.history import HistoryAdmin
from essays.importer.patterns import watermark_words
from essays.models import Topic, WatermarkWord


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name", "slug", "essay_count", "point_count"]
    search_fields = ["name"]  # serves the topic autocomplete of essays and points
    # The slug is made from the name once, when the topic is created.
    readonly_fields = ["slug"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                essays_total=Count("tagged_essays", distinct=True),
                points_total=Count("tagged_points", distinct=True),
            )
            .order_by("name")  # Meta.ordering does not apply to grouped queries
        )

    @admin.display(description=_("文章数"), ordering="essays_total")
    def essay_count(self, topic):
        return topic.essays_total

    @admin.display(description=_("要点数"), ordering="points_total")
    def point_count(self, topic):
        return topic.points_total


@admin.register(WatermarkWord)
class WatermarkWordAdmin(HistoryAdmin):
    list_display = ["word", "note", "created_at"]
    search_fields = ["word", "note"]

    def changelist_view(self, request, extra_context=None):
        shipped = watermark_words()
        context = {
            "subtitle": f"导入时与内置词表({len(shipped)} 个词)合并使用。",
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)
