"""A bare admin for every model; the editor workflow comes in its own issue."""

from django.contrib import admin

from essays.models import Collection, Essay, Point, Section, Topic


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "published_at", "created_at"]
    search_fields = ["title", "site"]
    readonly_fields = ["sha256", "created_at", "updated_at"]


@admin.register(Essay)
class EssayAdmin(admin.ModelAdmin):
    list_display = ["title", "collection", "position", "date", "status"]
    list_filter = ["status", "collection"]
    search_fields = ["title", "body"]
    readonly_fields = ["slug", "created_at", "updated_at"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "essay", "position", "category", "declared_count"]
    list_filter = ["category"]
    search_fields = ["title", "body"]
    list_select_related = ["essay"]
    raw_id_fields = ["essay"]


@admin.register(Point)
class PointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "essay", "section", "position"]
    search_fields = ["title", "body"]
    list_select_related = ["essay", "section"]
    raw_id_fields = ["essay", "section", "parent"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    # The slug is made from the name once, when the topic is created.
    readonly_fields = ["slug"]
