"""The tree page: one essay's whole structure, rearranged and saved at once.

`/admin/essays/essay/<id>/tree/` shows sections, points and sub-points;
the editor drags them (SortableJS, static/vendor/) or moves them with keys,
merges, splits, renumbers and retitles, all in the page
(static/js/tree_editor.js). One POST to the same address sends the whole
target tree; essays/services/restructuring.py checks it against the stored
tree and writes it as one revision. A refusal answers JSON with a Chinese
`detail` and a `code`, and the page keeps the editor's work.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from essays.models import Essay, Section
from essays.services import restructuring
from essays.services.locks import ImportInProgress
from essays.services.permissions import PublishPermissionRequired, may_publish
from essays.services.recording import ADMIN
from essays.services.restructuring import TreeRefused


def urls(model_admin) -> list:
    """The tree page's address, added to the essay admin's."""

    def view(request, object_id):
        return tree_view(model_admin, request, object_id)

    wrapped = model_admin.admin_site.admin_view(view)
    return [path("<int:object_id>/tree/", wrapped, name="essays_essay_tree")]


def tree_view(model_admin, request, object_id: int):
    essay = get_object_or_404(Essay.objects.select_related("collection"), pk=object_id)
    if not model_admin.has_change_permission(request, essay):
        raise PermissionDenied
    if request.method == "POST":
        return save(request, essay)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    outline = restructuring.load(essay)
    opts = model_admin.model._meta
    request.current_app = model_admin.admin_site.name
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "app_label": opts.app_label,
        "original": essay,
        "title": f"结构编辑：{essay.title}",
        "tree": {
            "version": outline.version,
            "nodes": [asdict(node) for node in outline.nodes],
            "merged": {},
            "styles": list(restructuring.STYLES),
            "categories": dict(Section.Category.choices),
        },
        "change_url": reverse("admin:essays_essay_change", args=[essay.pk]),
        "guarded": essay.is_published and not may_publish(request.user),
    }
    return TemplateResponse(request, "admin/essays/essay/tree.html", context)


def save(request, essay: Essay) -> JsonResponse:
    """Apply the page's target tree; every refusal is JSON the page shows."""
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return refusal("提交的内容不是有效的结构数据，请重新载入页面后再试。", 400)
    try:
        outline = restructuring.outline_from_data(data)
        outcome = restructuring.apply(essay, outline, actor=request.user, channel=ADMIN)
    except (TreeRefused, PublishPermissionRequired, ImportInProgress) as error:
        return refusal(str(error), error.status, error.code)
    messages.success(request, f"已保存。{outcome.summary}")
    return JsonResponse(
        {"detail": "已保存。", "summary": outcome.summary, "version": outcome.version}
    )


def refusal(detail: str, status: int, code: str = "invalid_tree") -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)
