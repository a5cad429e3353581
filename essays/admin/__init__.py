"""The editors' workbench: import, tree editing, ordering, publishing, history.

One module per concern; importing them registers every model (docs/admin.md).
"""

from types import MethodType

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
)
from django.contrib.auth.models import Group, Permission, User
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
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


# --- accounts: Django's auth pages, in words an editor reads (issue 15) ---------
#
# Permission names are stored in English by Django ("Can add 文章"), the
# password field lists the hasher's algorithm, salt and hash, and a few of
# Django 5's newer sentences have no Chinese translation yet.

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
# Permissions an editor's or publisher's account may need: the content's own
# and the accounts'; not the machinery's (sessions, lock-outs, revisions).
PERMISSION_APPS = ("essays", "search", "auth")
CUSTOM_PERMISSIONS = {"publish_essay": "发布和撤回文章"}
CHOOSE_MANY = _("按住控制键（苹果电脑按命令键 ⌘）可以多选。")
USABLE_PASSWORD_HELP = _("能否用密码登录。选“已禁用”后，这个用户不能再用密码登录。")


def permission_label(permission: Permission) -> str:
    """“文章：添加” for Django's “essays | 文章 | Can add 文章”."""
    model = permission.content_type.model_class()
    name = model._meta.verbose_name if model else permission.content_type.model
    action, _sep, _rest = permission.codename.partition("_")
    custom = CUSTOM_PERMISSIONS.get(permission.codename)
    return f"{name}：{custom or ACTIONS.get(action, permission.codename)}"


def chinese_permissions(field) -> None:
    field.queryset = field.queryset.filter(
        content_type__app_label__in=PERMISSION_APPS
    ).select_related("content_type")
    field.label_from_instance = permission_label
    field.help_text = CHOOSE_MANY


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """Whether a password is set, and a button to set one: no hash, no salt."""

    template_name = "admin/essays/password_summary.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["summary"] = [{"label": "已设置密码" if value else "未设置密码"}]
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The form renderer reads only apps' templates; this one is the project's.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))


class EditorUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget = PasswordSummary()
        self.fields["password"].help_text = ""
        if "user_permissions" in self.fields:
            chinese_permissions(self.fields["user_permissions"])
        if "groups" in self.fields:
            self.fields["groups"].help_text = _(
                "用户拥有所属各组的全部权限。按住控制键（苹果电脑按命令键 ⌘）可以多选。"
            )


class UsablePasswordInChinese:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = USABLE_PASSWORD_HELP


class EditorUserCreationForm(UsablePasswordInChinese, AdminUserCreationForm):
    pass


class EditorPasswordChangeForm(UsablePasswordInChinese, AdminPasswordChangeForm):
    pass


class EditorUserAdmin(UserAdmin):
    form = EditorUserChangeForm
    add_form = EditorUserCreationForm
    change_password_form = EditorPasswordChangeForm
    add_form_template = "admin/essays/user_add_form.html"


class EditorGroupAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            chinese_permissions(field)
        return field

    def get_deleted_objects(self, objs, request):
        """The groups themselves; their permission links go with them unlisted."""
        _summary, _counts, needed, protected = super().get_deleted_objects(
            objs, request
        )
        summary = [f"组：{group}" for group in objs]
        return summary, {_("组"): len(summary)}, needed, protected


for _model, _admin in ((User, EditorUserAdmin), (Group, EditorGroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)
