"""The editors' workbench: import, tree editing, ordering, publishing, history.

One module per concern; importing them registers every model (docs/admin.md).
"""

from types import MethodType

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from essays.admin import content, imports, tokens, topics

__all__ = ["content", "imports", "tokens", "topics"]

# taggit registers its own generic Tag model; topics are ours (主题), and an
# empty "标签" next to them only confuses editors.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)

admin.site.site_header = _("基层工作知识库 · 编辑后台")
admin.site.site_title = _("知识库编辑后台")
admin.site.index_title = _("内容管理")

# The home page in the order of an editor's day (issue 15): import a document,
# fix its essays, tag them, find the collection; word lists and API tokens,
# touched rarely, come last instead of first (Django sorts by name).
DAY_ORDER = ("essay", "topic", "collection", "section", "point", "importupload")
LAST = ("watermarkword", "dictionaryterm", "apitoken")
LAST_GROUP = _("词表与令牌")


def import_entry(request) -> dict | None:
    """The 导入文档 page as the first row of the home page, for who may import."""
    if not request.user.has_perms(["essays.add_essay", "essays.add_importupload"]):
        return None
    url = reverse("admin:essays_import")
    return {
        "name": _("导入文档"),
        "object_name": "ImportDocument",
        "admin_url": url,
        "add_url": None,
        "is_action": True,
        "perms": {"add": True, "change": False, "delete": False, "view": True},
        "view_only": False,
    }


def day_position(model: dict) -> tuple[int, str]:
    name = model["object_name"].lower()
    return (DAY_ORDER.index(name) if name in DAY_ORDER else len(DAY_ORDER), name)


def ordered_app_list(self, request, app_label=None) -> list[dict]:
    """Django's app list, reordered for the home page and the sidebar."""
    apps = AdminSite.get_app_list(self, request, app_label)
    for app in apps:
        if app["app_label"] == "essays":
            app["models"].sort(key=day_position)
    if app_label is not None:
        return apps  # an app's own page keeps all its models
    last = []
    for app in apps:
        moved = [m for m in app["models"] if m["object_name"].lower() in LAST]
        app["models"] = [m for m in app["models"] if m not in moved]
        last += moved
        entry = import_entry(request) if app["app_label"] == "essays" else None
        if entry is not None:
            app["models"].insert(0, entry)
    essays_first = sorted(apps, key=lambda app: app["app_label"] != "essays")
    ordered = [app for app in essays_first if app["models"]]
    if last:
        last.sort(key=lambda model: LAST.index(model["object_name"].lower()))
        ordered.append(
            {
                "name": LAST_GROUP,
                "app_label": "wordlists",
                "app_url": reverse("admin:app_list", args=["essays"]),
                "has_module_perms": True,
                "models": last,
            }
        )
    return ordered


admin.site.get_app_list = MethodType(ordered_app_list, admin.site)
