"""Essays, sections and points: the tree editors fix, order, tag and publish."""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from essays import history
from essays.admin import tree
from essays.admin.deleting import BulkDeleteMixin, PublishedTreeDeleteMixin
from essays.admin.history import HistoryAdmin
from essays.forms import EssayActionForm, TopicsField
from essays.models import Essay, Point, Section, Topic
from essays.selectors import nest
from essays.services import deleting, editing, ordering, publishing, topics
from essays.services.permissions import (
    PUBLISH_PERMISSION,
    PublishPermissionRequired,
)
from essays.services.recording import ADMIN


class TopicsMixin:
    """Topics picked with the admin's autocomplete instead of taggit's text box."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # autocomplete_fields does not take a TaggableManager: the widget is
        # built here and the admin's autocomplete view serves it (field
        # `topics` of this model, searched through TopicAdmin.search_fields).
        if isinstance(db_field, TaggableManager):
            return TopicsField(db_field, self.admin_site)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


NARROW = {
    "label": forms.TextInput(attrs={"size": 8}),
    # A class, not style="": the Content-Security-Policy refuses inline styles.
    "number": forms.NumberInput(attrs={"class": "kb-narrow-number"}),
    "declared_count": forms.NumberInput(attrs={"class": "kb-narrow-number"}),
}


class NodeForm(forms.ModelForm):
    """An inline row of the tree (positions are the services' business)."""

    class Meta:
        widgets = NARROW


class TreeFormSetMixin:
    """Inline rows added, changed and deleted through the editing service.

    A new row goes last among its siblings (editing.insert); a deleted row
    takes what is below it and its later siblings close the gap
    (editing.delete); a changed row saves only the fields its form shows, so
    a position moved by an earlier deletion in the same form is not written
    back stale.
    """

    actor = None

    def save_new(self, form, commit=True):
        node = super().save_new(form, commit=False)
        if isinstance(node, Point) and node.section_id and not node.essay_id:
            node.essay_id = node.section.essay_id
        if commit:
            editing.insert(node, None)
            form.save_m2m()
        return node

    def save_existing(self, form, obj, commit=True):
        node = form.save(commit=False)
        if commit:
            concrete = {field.name for field in node._meta.concrete_fields}
            changed = [name for name in form.changed_data if name in concrete]
            node.save(update_fields=[*changed, "updated_at"])
            form.save_m2m()
        return node

    def delete_existing(self, obj, commit=True):
        if commit and type(obj).objects.filter(pk=obj.pk).exists():  # not cascaded
            editing.delete(obj, actor=self.actor, channel=ADMIN)


class TreeInlineMixin(PublishedTreeDeleteMixin):
    """Inlines whose formsets write through the services, as `request.user`."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__, (TreeFormSetMixin, formset), {"actor": request.user}
        )


class PointInline(TreeInlineMixin, nested_admin.NestedTabularInline):
    model = Point
    fk_name = "section"
    form = NodeForm
    fields = ["label", "number", "title", "body", "edit_link"]
    readonly_fields = ["edit_link"]
    extra = 0
    view_on_site = False
    verbose_name = _("要点")
    verbose_name_plural = _("要点（子要点在要点页编辑）")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(parent=None).order_by("position")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("title", "body"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 34})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("详情"))
    def edit_link(self, point):
        return point_link(point)


def point_link(point: Point) -> str:
    if not point.pk:
        return ""
    url = reverse("admin:essays_point_change", args=[point.pk])
    return format_html('<a href="{}" title="编辑要点、子要点和主题">编辑</a>', url)


class SectionInline(TreeInlineMixin, nested_admin.NestedStackedInline):
    model = Section
    form = NodeForm
    fields = [("label", "number", "category", "declared_count"), "title", "body"]
    extra = 0
    inlines = [PointInline]
    view_on_site = False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("position")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TopicFilter(admin.SimpleListFilter):
    title = _("主题")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        used = Topic.objects.filter(tagged_essays__isnull=False).distinct()
        return [(topic.slug, topic.name) for topic in used.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(topics__slug=self.value())
        return queryset


class CategoryFilter(admin.SimpleListFilter):
    title = _("部分类别")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return Section.Category.choices

    def queryset(self, request, queryset):
        if self.value():
            sections = Section.objects.filter(category=self.value())
            return queryset.filter(pk__in=sections.values("essay_id"))
        return queryset


def count_of(model, **filters) -> Coalesce:
    rows = (
        model.objects.filter(essay=OuterRef("pk"), **filters)
        .order_by()
        .values("essay")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@admin.register(Essay)
class EssayAdmin(
    BulkDeleteMixin, TopicsMixin, HistoryAdmin, nested_admin.NestedModelAdmin
):
    list_display = [
        "title",
        "status_badge",
        "section_count",
        "point_count",
        "topic_names",
        "updated",
        "preview_link",
    ]
    list_display_links = ["title"]
    list_filter = [
        "status",
        TopicFilter,
        ("collection", admin.RelatedOnlyFieldListFilter),
        CategoryFilter,
    ]
    list_select_related = ["collection"]
    list_per_page = 50
    search_fields = [
        "title",
        "lead",
        "closing",
        "sections__title",
        "sections__body",
        "points__title",
        "points__body",
    ]
    search_help_text = _("在标题、开头、结尾以及各部分、要点的标题和正文中查找。")
    actions = ["publish", "unpublish", "add_topic", "remove_topic"]
    action_form = EssayActionForm
    readonly_fields = ["slug", "published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "author", "date", "status", "topics"]}),
        (_("正文"), {"fields": ["lead", "closing", "typography"]}),
        (
            _("来源与时间"),
            {
                "fields": ["collection", "slug", "published_at", "created_at"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [SectionInline]
    change_form_template = "admin/essays/essay/change_form.html"
    change_list_template = "admin/essays/essay/change_list.html"

    class Media:
        # The change form's guard against losing unsaved edits to ↑/↓ or a
        # link (issue 15, 1) lives with the tree page's script.
        css = {"all": ["css/tree_editor.css"]}
        js = ["js/tree_editor.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(sections_total=count_of(Section), points_total=count_of(Point))
            .prefetch_related("topics")
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(PUBLISH_PERMISSION):
            fields.append("status")  # editors prepare; publishers publish
        if obj is not None:
            fields.append("collection")
        return fields

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Deleting a published essay takes it off the site: that is a
        # publisher's call, as unpublishing is.
        if (
            obj is not None
            and obj.is_published
            and not self.has_publish_permission(request)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_publish_permission(request):
            actions.pop("delete_selected", None)  # it may hold published essays
        return actions

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    @admin.display(description=_("状态"), ordering="status")
    def status_badge(self, essay):
        return format_html(
            '<span class="kb-status kb-status-{}">{}</span>',
            essay.status,
            essay.get_status_display(),
        )

    @admin.display(description=_("部分"), ordering="sections_total")
    def section_count(self, essay):
        return essay.sections_total

    @admin.display(description=_("要点"), ordering="points_total")
    def point_count(self, essay):
        return essay.points_total

    @admin.display(description=_("更新"), ordering="updated_at")
    def updated(self, essay):
        # Short, so the list fits a laptop screen beside the filters.
        return f"{localtime(essay.updated_at):%m-%d %H:%M}"

    @admin.display(description=_("主题"))
    def topic_names(self, essay):
        names = sorted(topic.name for topic in essay.topics.all())
        return format_html_join("、", "{}", ((name,) for name in names))

    @admin.display(description=_("网页"))
    def preview_link(self, essay):
        text = "查看" if essay.is_published else "预览草稿"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            essay.get_absolute_url(),
            text,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        essay = self.get_object(request, object_id)
        context = {**(extra_context or {})}
        if essay is not None:
            context["outline"] = self.outline(essay)
        return super().change_view(request, object_id, form_url, context)

    def outline(self, essay):
        """The essay's tree with edit links and move buttons (two queries)."""
        points = Point.objects.filter(essay=essay).prefetch_related("topics")
        sections = nest(Section.objects.filter(essay=essay), points)
        link = render_to_string("admin/essays/essay/tree_link.html", {"essay": essay})
        outline = render_to_string(
            "admin/essays/essay/_outline.html",
            {"essay": essay, "sections": sections},
        )
        return mark_safe(link + outline)  # both rendered from escaped templates

    # --- saving -------------------------------------------------------------

    def save_formset(self, request, form, formset, change):
        # nested_admin saves a deleted section's point forms after the section
        # is gone, inserting the points again under a missing section (caught
        # only by PostgreSQL's deferred foreign keys); the cascade has already
        # removed them.
        parent = formset.instance
        if getattr(formset, "is_nested", False) and (
            parent.pk is None or not type(parent).objects.filter(pk=parent.pk).exists()
        ):
            formset.new_objects, formset.changed_objects = [], []
            formset.deleted_objects = []  # read by the change message
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.add_tree(form.instance)  # as saved, after bulk updates

    def delete_model(self, request, obj):
        editing.delete(obj, actor=request.user, channel=ADMIN)

    def delete_queryset(self, request, queryset):
        # In bulk, a collection at a time (issue 14: minutes through the ORM).
        by_collection: dict[int, list[Essay]] = {}
        for essay in queryset:
            by_collection.setdefault(essay.collection_id, []).append(essay)
        for essays in by_collection.values():
            deleting.delete_essays(essays, actor=request.user, channel=ADMIN)

    # --- reordering -----------------------------------------------------------

    def get_urls(self):
        move = self.admin_site.admin_view(self.move_view)
        return [
            path("<int:object_id>/move/", move, name="essays_essay_move"),
            *tree.urls(self),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id):
        """Move a section or point up or down; relabel its list if asked."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        essay = get_object_or_404(Essay, pk=object_id)
        if not self.has_change_permission(request, essay):
            raise PermissionDenied
        renumber = request.POST.get("renumber") == "on"
        self.move_node(request, essay, request.POST.get("move", ""), renumber)
        return self.back_to_outline(essay)

    def move_node(self, request, essay, move: str, renumber: bool) -> None:
        """`move` is `section:<id>:up` (or `down`, `renumber`); the result a message."""
        kind, _, rest = move.partition(":")
        pk, _, direction = rest.partition(":")
        model = {"section": Section, "point": Point}.get(kind)
        if model is None or not pk.isdigit() or direction not in STEPS:
            messages.error(request, "无法识别要移动的条目。")
            return
        node = get_object_or_404(model, pk=pk, essay=essay)
        try:
            ordering.move(
                node,
                position=node.position + STEP_OFFSETS[direction],
                renumber=renumber or direction == "renumber",
                actor=request.user,
                channel=ADMIN,
                comment=f"{STEPS[direction]}:{node}",
            )
        except ValidationError:
            messages.warning(request, f"“{node}”已经在最{STEP_LIMITS[direction]}。")
            return
        messages.success(request, f"{STEPS[direction]}:{node}")

    def response_change(self, request, obj):
        # ↑/↓ pressed while the form held unsaved edits: the page's guard
        # (static/js/tree_editor.js) saved the form first, carrying the move;
        # the move follows the saved edits (issue 15, 1).
        then_move = request.POST.get(THEN_MOVE, "")
        if not then_move:
            return super().response_change(request, obj)
        super().response_change(request, obj)  # its "changed" message
        renumber = request.POST.get(THEN_RENUMBER) == "on"
        self.move_node(request, obj, then_move, renumber)
        return self.back_to_outline(obj)

    def back_to_outline(self, essay):
        url = reverse("admin:essays_essay_change", args=[essay.pk])
        return HttpResponseRedirect(f"{url}#outline")

    # --- bulk actions -----------------------------------------------------------

    def publish_changes(self, request, queryset, change, done: str):
        try:
            changed = change(queryset, actor=request.user, channel=ADMIN)
        except PublishPermissionRequired as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"已{done} {len(changed)} 篇文章。")

    @admin.action(description=_("发布所选文章"), permissions=["publish"])
    def publish(self, request, queryset):
        self.publish_changes(request, queryset, publishing.publish_essays, "发布")

    @admin.action(description=_("撤回所选文章（改回草稿）"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self.publish_changes(request, queryset, publishing.unpublish_essays, "撤回")

    def change_topic(self, request, queryset, change, done: str):
        name = request.POST.get("topic", "")
        try:
            changed = change(queryset, name, actor=request.user, channel=ADMIN)
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return
        self.message_user(
            request, f"已为 {len(changed)} 篇文章{done}主题“{name.strip()}”。"
        )

    @admin.action(
        description=_("为所选文章添加主题（在右侧填写）"), permissions=["change"]
    )
    def add_topic(self, request, queryset):
        self.change_topic(request, queryset, topics.add_topic, "添加")

    @admin.action(
        description=_("从所选文章移除主题（在右侧填写）"), permissions=["change"]
    )
    def remove_topic(self, request, queryset):
        self.change_topic(request, queryset, topics.remove_topic, "移除")


STEPS = {"up": "上移", "down": "下移", "renumber": "按顺序重新编号"}
THEN_MOVE, THEN_RENUMBER = "_kb_then_move", "_kb_then_renumber"
STEP_OFFSETS = {"up": -1, "down": 1, "renumber": 0}
STEP_LIMITS = {"up": "前", "down": "后", "renumber": "前"}


class NodeAdminMixin(PublishedTreeDeleteMixin):
    """A section's or point's own page: saves and deletes through the services."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        history.add_tree(form.instance)  # as saved, after bulk updates

    def delete_model(self, request, obj):
        editing.delete(obj, actor=request.user, channel=ADMIN)

    def delete_queryset(self, request, queryset):
        for node in queryset:
            if type(node).objects.filter(pk=node.pk).exists():  # not cascaded
                editing.delete(node, actor=request.user, channel=ADMIN)


@admin.register(Section)
class SectionAdmin(NodeAdminMixin, HistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["__str__", "essay", "position", "category", "declared_count"]
    list_filter = ["category"]
    search_fields = ["title", "body", "essay__title"]
    list_select_related = ["essay"]
    fields = [
        "essay",
        ("label", "number", "category", "declared_count"),
        "title",
        "body",
    ]
    readonly_fields = ["essay"]
    inlines = [PointInline]

    def has_add_permission(self, request):
        return False  # sections are added on their essay's page


class SubPointInline(TreeInlineMixin, admin.TabularInline):
    model = Point
    fk_name = "parent"
    form = NodeForm
    fields = ["label", "number", "title", "body", "edit_link"]
    readonly_fields = ["edit_link"]
    extra = 0
    view_on_site = False
    verbose_name = _("子要点")
    verbose_name_plural = _("子要点")

    @admin.display(description=_("编辑"))
    def edit_link(self, point):
        return point_link(point)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("title", "body"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parent = obj

        class SubPointFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if parent is not None and form.instance._state.adding:
                    form.instance.section_id = parent.section_id
                    form.instance.essay_id = parent.essay_id
                return form

        return SubPointFormSet


@admin.register(Point)
class PointAdmin(NodeAdminMixin, TopicsMixin, HistoryAdmin):
    list_display = ["__str__", "essay", "section", "position"]
    search_fields = ["title", "body", "essay__title"]
    list_select_related = ["essay", "section"]
    fields = [
        "essay",
        "section",
        "parent",
        ("label", "number"),
        "title",
        "body",
        "topics",
    ]
    readonly_fields = ["essay", "section", "parent"]
    inlines = [SubPointInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("essay", "section")

    def has_add_permission(self, request):
        return False  # points are added on their section's or parent's page

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "title":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)
