"""Topics and the editors' word lists."""

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
    """The editors' word lists: watermark words, furniture, heading cuts and more."""

    list_display = [
        "word",
        "kind",
        "site_or_everywhere",
        "note",
        "added_by",
        "created_at",
    ]
    list_filter = ["kind", "site"]
    list_select_related = ["added_by"]
    search_fields = ["word", "site", "note"]
    fields = ["kind", "word", "site", "note", "added_by", "created_at"]
    readonly_fields = ["added_by", "created_at"]

    @admin.display(description=_("适用范围"), ordering="site")
    def site_or_everywhere(self, entry):
        return entry.site or "所有网站"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

    def changelist_view(self, request, extra_context=None):
        shipped = watermark_words()
        context = {
            "subtitle": (
                f"导入时与内置词表合并使用（内置水印词 {len(shipped)} 个）；"
                "可在导入预览中选中文字直接添加。"
            ),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)
