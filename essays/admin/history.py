"""History pages: reversion's list, with our version page (diff, scoped revert)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from essays.admin import diffs
from essays.models import RevisionSource
from essays.services import recording, reverting
from essays.services.permissions import PublishPermissionRequired
from essays.services.recording import ADMIN


def version_url(version: Version) -> str:
    """The admin's page of one version (of an essay, a section, a point…)."""
    opts = version._model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revision",
        args=[version.object_id, version.pk],
    )


def this_change(current, version: Version) -> list:
    """What `version`'s revision changed in the object, against the one before."""
    if current is None:
        return []
    entry = next(
        (e for e in diffs.timeline(current) if e.revision.pk == version.revision_id),
        None,
    )
    return entry.changes if entry is not None else []


class HistoryAdmin(VersionAdmin):
    """Reversion's admin; a version page shows a diff and reverts one tree.

    Reversion's own revert view restores a whole revision, which for an
    import is every essay of the collection; here reverting a point restores
    that point (and its topics), an essay its own tree (history.revert).
    """

    history_latest_first = True
    object_history_template = "admin/essays/object_history.html"

    def create_revision(self, request):
        """Reversion's revision for admin views, naming the admin as the channel."""
        return recording.revision(actor=request.user, channel=ADMIN)

    def history_view(self, request, object_id, extra_context=None):
        """Newest first, each row saying what changed; an essay's rows include
        the revisions of its sections and points made on their own pages."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(
                request, self.model._meta, object_id
            )
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = diffs.timeline(obj)
        rows = RevisionSource.objects.filter(
            revision__in=[entry.revision.pk for entry in entries]
        )
        sources = {source.revision_id: str(source) for source in rows}
        for entry in entries:
            entry.channel = sources.get(entry.revision.pk, "—")
            entry.url = version_url(entry.version)
        opts = self.model._meta
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"修改历史：{obj}",
            "subtitle": None,
            "entries": entries,
            "module_name": str(opts.verbose_name_plural),
            "object": obj,
            "opts": opts,
            "app_label": opts.app_label,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        content_type = ContentType.objects.get_for_model(self.model)
        version = get_object_or_404(
            Version.objects.select_related("revision__user"),
            pk=version_id,
            object_id=unquote(object_id),
            content_type=content_type,
        )
        return self.version_page(request, version, recover=False)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request) and not self.has_change_permission(
            request
        ):
            raise PermissionDenied
        content_type = ContentType.objects.get_for_model(self.model)
        version = get_object_or_404(
            Version.objects.select_related("revision__user"),
            pk=version_id,
            content_type=content_type,
        )
        return self.version_page(request, version, recover=True)

    def version_page(self, request, version, *, recover: bool):
        current = self.model.objects.filter(pk=version.object_id).first()
        if not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        can_revert = self.has_change_permission(request, current)
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            return self.revert(request, version)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "app_label": opts.app_label,
            "title": f"{'恢复' if recover else '历史版本'}：{version.object_repr}",
            "version": version,
            "current": current,
            "changes": diffs.field_changes(version),
            "this_change": this_change(current, version),
            "contents": diffs.revision_contents(version),
            "source": recording.channel_of(version.revision),
            "can_revert": can_revert,
            "recover": recover,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/essays/version_detail.html", context)

    def revert(self, request, version):
        missing = self.missing_parent(version)
        if missing:
            messages.error(
                request,
                f"无法单独恢复：它所属的{missing}已被删除。"
                "请先在“汇编”的“恢复已删除”中恢复整份汇编。",
            )
            return HttpResponseRedirect(request.path)
        try:
            reverting.revert(version, actor=request.user, channel=ADMIN)
        except PublishPermissionRequired as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        except RevertError as error:
            messages.error(request, f"无法恢复：{error}")
            return HttpResponseRedirect(request.path)

        moment = localtime(version.revision.date_created)
        messages.success(
            request,
            f"已恢复到 {moment:%Y年%-m月%-d日 %H:%M} 的版本：{version.object_repr}",
        )
        opts = self.model._meta
        url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=[version.object_id],
        )
        return HttpResponseRedirect(url)

    def missing_parent(self, version) -> str:
        """The name of a row the version points to that no longer exists, if any.

        An essay of an undone import points to its deleted collection: it can
        only come back with it (and SQLite would only notice at commit).
        """
        fields = version.field_dict
        for field in self.model._meta.concrete_fields:
            target = fields.get(field.attname)
            if not field.many_to_one or target is None:
                continue
            if not field.related_model._default_manager.filter(pk=target).exists():
                return str(field.related_model._meta.verbose_name)
        return ""
