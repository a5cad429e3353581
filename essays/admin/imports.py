"""Collections and their imports: upload -> preview -> confirm -> (undo)."""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from essays.admin.deleting import BulkDeleteMixin
from essays.admin.fixups import fix_forms, for_site
from essays.admin.history import HistoryAdmin
from essays.forms import ConfirmImportForm, ImportForm, WatermarkWordsForm
from essays.importer import ImportFailed
from essays.models import (
    Collection,
    Essay,
    ImportUpload,
    RevisionSource,
    WatermarkWord,
)
from essays.services import deleting, imports, reverting
from essays.services.permissions import PublishPermissionRequired
from essays.services.recording import ADMIN
from essays.watermarks import add_words


@admin.register(Collection)
class CollectionAdmin(BulkDeleteMixin, HistoryAdmin):
    list_display = ["title", "site", "essay_count", "source_published_at", "created_at"]
    search_fields = ["title", "site"]
    # No SHA-256 here: a fingerprint means nothing to an editor (issue 15).
    fields = ["title", "site", "source_path", "source_published_at", "created_at"]
    readonly_fields = ["source_path", "created_at", "updated_at"]
    change_list_template = "admin/essays/collection/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(essays_total=Count("essays"))

    @admin.display(description=_("文章"), ordering="essays_total")
    def essay_count(self, collection):
        url = reverse("admin:essays_essay_changelist")
        return format_html(
            '<a href="{}?collection__id__exact={}">{} 篇</a>',
            url,
            collection.pk,
            collection.essays_total,
        )

    essay_filter = "collection_id__in"

    def has_add_permission(self, request):
        return False  # collections come from imports

    def delete_model(self, request, obj):
        # In bulk (issue 14: the ORM's delete of one import ran for minutes).
        deleting.delete_collection(obj, actor=request.user, channel=ADMIN)

    def delete_queryset(self, request, queryset):
        for collection in queryset:
            deleting.delete_collection(collection, actor=request.user, channel=ADMIN)

    def recoverlist_view(self, request, extra_context=None):
        """Deleted collections (undone imports), for editors who may change them.

        Reversion's own view also asks for add permission, which no one has
        here: a collection is only ever added by an import.
        """
        if not self.has_change_permission(request):
            raise PermissionDenied
        deleted = self._reversion_order_version_queryset(
            request, Version.objects.get_deleted(self.model).select_related("revision")
        )
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "app_label": self.model._meta.app_label,
            "module_name": self.model._meta.verbose_name,
            "title": "恢复已删除的汇编",
            "deleted": deleted,
            **(extra_context or {}),
        }
        template = self.recover_list_template or self._reversion_get_template_list(
            "recover_list.html"
        )
        return render(request, template, context)

    def recover_view(self, request, version_id, extra_context=None):
        """Recover an undone import with the work done on it since (issue 15)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        deleted = get_object_or_404(
            Version.objects.select_related("revision__user"),
            pk=version_id,
            content_type=ContentType.objects.get_for_model(Collection),
        )
        essays_url = reverse("admin:essays_essay_changelist")
        essays_url += f"?collection__id__exact={deleted.object_id}"
        if Collection.objects.filter(pk=deleted.object_id).exists():
            messages.info(request, f"汇编《{deleted.object_repr}》已经恢复。")
            return HttpResponseRedirect(essays_url)
        recovery, error = None, ""
        try:
            if request.method == "POST":
                accepted = "accept_losses" in request.POST
                recovery = reverting.recover(
                    deleted, actor=request.user, channel=ADMIN, accept_losses=accepted
                )
            else:
                recovery = reverting.recovery_plan(
                    deleted, actor=request.user, channel=ADMIN
                )
        except reverting.LossesNotAccepted as refused:
            recovery = refused.args[0]
            error = "有些修改无法重新应用：请看下面的清单，勾选“我已了解”后再恢复。"
        except (PublishPermissionRequired, reverting.AlreadyRecovered) as refused:
            error = str(refused)
        else:
            if request.method == "POST":
                messages.success(request, recovered_message(deleted, recovery))
                return HttpResponseRedirect(essays_url)
        if recovery is not None:
            channels = revision_channels([step.revision for step in recovery.steps])
            for step in recovery.steps:
                step.channel = channels.get(step.revision.pk, "—")
        return self.render(
            request,
            "recover_collection.html",
            f"恢复汇编：{deleted.object_repr}",
            deleted=deleted,
            recovery=recovery,
            error=error,
        )

    def recover_import_view(self, request, upload_id):
        """An undone import's recovery, reached from its record."""
        upload = get_object_or_404(ImportUpload, pk=upload_id)
        deleted = deleted_collection(upload)
        if deleted is None:
            messages.info(request, f"{upload.filename} 的导入没有可恢复的内容。")
            return HttpResponseRedirect(
                reverse("admin:essays_importupload_change", args=[upload.pk])
            )
        return self.recover_view(request, str(deleted.pk))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="essays_import"),
            path(
                "import/<int:upload_id>/",
                view(self.preview_view),
                name="essays_import_preview",
            ),
            path(
                "import/<int:upload_id>/undo/",
                view(self.undo_view),
                name="essays_import_undo",
            ),
            path(
                "import/<int:upload_id>/recover/",
                view(self.recover_import_view),
                name="essays_import_recover",
            ),
            *super().get_urls(),
        ]

    def check_import_permission(self, request):
        if not request.user.has_perms(["essays.add_essay", "essays.add_importupload"]):
            raise PermissionDenied

    def render(self, request, template, title, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            f"admin/essays/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    def import_view(self, request):
        """Upload a file or paste text; a good one goes on to its preview."""
        self.check_import_permission(request)
        posted = request.method == "POST"
        form = ImportForm(*(request.POST, request.FILES) if posted else ())
        if posted and form.is_valid():
            raw, filename = form.document()
            try:
                upload = imports.stage(raw, filename=filename, user=request.user)
            except ImportFailed as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(
                    reverse("admin:essays_import_preview", args=[upload.pk])
                )
        uploads = ImportUpload.objects.select_related("user", "collection")[:10]
        return self.render(
            request, "import_form.html", "导入文档", form=form, uploads=uploads
        )

    def own_upload(self, request, upload_id) -> ImportUpload:
        upload = get_object_or_404(ImportUpload, pk=upload_id)
        if upload.user_id != request.user.pk and not request.user.is_superuser:
            raise PermissionDenied  # an upload is its editor's until imported
        return upload

    def preview_view(self, request, upload_id):
        """The parsed tree; confirm stores it, new watermark words re-run it."""
        self.check_import_permission(request)
        upload = get_object_or_404(ImportUpload, pk=upload_id)
        if upload.status != ImportUpload.Status.STAGED:
            return self.render(
                request,
                "import_done.html",
                "导入结果",
                upload=upload,
                summary=imports.chinese_summary(upload.summary),
                can_undo=imports.can_undo(upload),
            )
        upload = self.own_upload(request, upload_id)
        words = WatermarkWordsForm(prefix="wm")
        mark_form, cut_form, fixed = fix_forms(request)
        if fixed:
            return HttpResponseRedirect(request.path)
        if request.method == "POST" and "add_watermarks" in request.POST:
            words = WatermarkWordsForm(request.POST, prefix="wm")
            if words.is_valid():
                added = add_words(
                    words.cleaned_data["words"],
                    note=words.cleaned_data["note"],
                    actor=request.user,
                )
                listed = "、".join(added) or "（都已在词表中）"
                messages.success(request, f"已添加水印词：{listed}；预览已重新生成。")
                return HttpResponseRedirect(request.path)
        if request.method == "POST" and "confirm" in request.POST:
            response = self.confirm(request, upload)
            if response is not None:
                return response
        try:
            preview = imports.preview(upload)
        except ImportFailed as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:essays_import"))
        for_site(preview.parsed.source.site, mark_form, cut_form)
        return self.render(
            request,
            "import_preview.html",
            f"导入预览：{preview.parsed.source.title}",
            upload=upload,
            preview=preview,
            words_form=words,
            mark_form=mark_form,
            cut_form=cut_form,
            watermark_count=WatermarkWord.objects.count(),
        )

    def confirm(self, request, upload):
        """Store the upload through the import service (it checks publish rights)."""
        form = ConfirmImportForm(request.POST)
        if not form.is_valid():
            messages.error(request, "确认表单不完整，请重新确认。")
            return None
        try:
            result = imports.confirm(
                upload,
                actor=request.user,
                fingerprint=form.cleaned_data["fingerprint"],
                replace=form.cleaned_data["replace"],
                choices=duplicate_choices(request.POST),
            )
        except (ImportFailed, PublishPermissionRequired) as error:
            messages.error(request, str(error))
            return None
        done = {"created": "已导入", "replaced": "已替换", "unchanged": "未改动"}
        counts = result.counts
        messages.success(
            request,
            f"{done[result.status]}《{result.collection.title}》："
            f"{counts['essays']} 篇文章、{counts['sections']} 个部分、"
            f"{counts['points']} 个要点，均为草稿（或保持原状态）。",
        )
        url = reverse("admin:essays_essay_changelist")
        return HttpResponseRedirect(
            f"{url}?collection__id__exact={result.collection.pk}"
        )

    def undo_view(self, request, upload_id):
        """Confirm, then remove an import or bring back what it replaced."""
        upload = get_object_or_404(ImportUpload, pk=upload_id)
        if not request.user.has_perms(["essays.delete_essay", "essays.change_essay"]):
            raise PermissionDenied
        if request.method == "POST":
            try:
                imports.undo(upload, actor=request.user)
            except (ImportFailed, PublishPermissionRequired) as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"已撤销导入：{upload.filename}")
            return HttpResponseRedirect(reverse("admin:essays_importupload_changelist"))
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        essays = Essay.objects.filter(collection=upload.collection)
        return self.render(
            request,
            "import_undo.html",
            f"撤销导入：{upload.filename}",
            upload=upload,
            can_undo=imports.can_undo(upload),
            essays=essays,
            published=essays.published().count(),
        )


def recovered_message(deleted: Version, recovery: reverting.Recovery) -> str:
    text = f"已恢复汇编《{deleted.object_repr}》"
    if recovery.applied:
        text += f"，并重新应用了其后的 {len(recovery.applied)} 次修改"
    if recovery.lost:
        text += f"；放弃了无法重新应用的 {len(recovery.lost)} 次修改"
    return text + "。"


def revision_channels(revisions) -> dict[int, str]:
    """Each revision's channel (后台, API 令牌“名称”, 命令行), in one query."""
    rows = RevisionSource.objects.filter(revision__in=[r.pk for r in revisions])
    return {row.revision_id: str(row) for row in rows}


def duplicate_choices(posted) -> dict[int, str]:
    """The preview's choice for each flagged essay: `duplicate-<n>` fields."""
    choices = {}
    for name, value in posted.items():
        number = name.removeprefix("duplicate-")
        if number != name and number.isdigit():
            action = value.partition(":")[0]
            if action in imports.ON_DUPLICATE:
                choices[int(number)] = value
    return choices


class OutcomeFilter(admin.SimpleListFilter):
    """结果 in words (the column stores the writer's English status)."""

    title = _("结果")
    parameter_name = "outcome"

    def lookups(self, request, model_admin):
        return list(imports.OUTCOMES.items())

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(outcome=value) if value else queryset


def deleted_collection(upload: ImportUpload) -> Version | None:
    """The history version that recovers an undone import's collection."""
    if upload.status != ImportUpload.Status.UNDONE or upload.outcome != "created":
        return None
    if upload.revision_id is None:
        return None
    collection_type = ContentType.objects.get_for_model(Collection)
    version = upload.revision.version_set.filter(content_type=collection_type).first()
    if version is None or Collection.objects.filter(pk=version.object_id).exists():
        return None
    return (
        Version.objects.get_deleted(Collection)
        .filter(object_id=version.object_id)
        .first()
    )


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    # 操作 second: at 1280 px the last columns sat under the filter panel.
    list_display = [
        "filename",
        "undo_link",
        "status",
        "outcome_display",
        "collection",
        "user",
        "created_at",
    ]
    list_filter = ["status", OutcomeFilter]
    list_select_related = ["user", "collection", "revision"]
    search_fields = ["filename", "summary"]
    fields = [
        "filename",
        "undo_link",
        "user",
        "status",
        "outcome_display",
        "collection",
        "summary_display",
        "size_display",
        "created_at",
        "imported_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # uploads are made on the import page

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("结果"), ordering="outcome")
    def outcome_display(self, upload):
        return imports.OUTCOMES.get(upload.outcome, upload.outcome or "—")

    @admin.display(description=_("摘要"))
    def summary_display(self, upload):
        return imports.chinese_summary(upload.summary) or "—"

    @admin.display(description=_("大小"), ordering="size")
    def size_display(self, upload):
        return filesizeformat(upload.size)

    @admin.display(description=_("操作"))
    def undo_link(self, upload):
        if upload.status == ImportUpload.Status.STAGED:
            url = reverse("admin:essays_import_preview", args=[upload.pk])
            return format_html('<a href="{}">继续预览</a>', url)
        if imports.can_undo(upload):
            url = reverse("admin:essays_import_undo", args=[upload.pk])
            return format_html('<a href="{}" class="kb-undo">撤销导入</a>', url)
        # Undone and not recovered since (recovery reopens the import): the
        # recovery page finds the collection's history, so the list does not.
        created = upload.outcome == "created"
        if upload.status == ImportUpload.Status.UNDONE and created:
            url = reverse("admin:essays_import_recover", args=[upload.pk])
            return format_html('<a href="{}" class="kb-recover">恢复</a>', url)
        return "—"
