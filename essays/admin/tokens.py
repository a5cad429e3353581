"""API tokens: created with the token shown once, listed, revoked; never the hash."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from essays.forms import ApiTokenForm
from essays.models import ApiToken
from essays.services.recording import ADMIN
from essays.services.tokens import issue_token, revoke_tokens


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "user",
        "scope",
        "prefix_shown",
        "created_at",
        "last_used_at",
        "is_active",
    ]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "scope"]
        return [
            "user",
            "name",
            "scope",
            "prefix",
            "created_at",
            "last_used_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]

    @admin.display(description=_("前缀"))
    def prefix_shown(self, token):
        return format_html("<code>{}…</code>", token.prefix)

    @admin.display(description=_("有效"), boolean=True)
    def is_active(self, token):
        return token.is_active

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        row, token = issue_token(
            obj.user, name=obj.name, scope=obj.scope, actor=request.user, channel=ADMIN
        )
        # The admin goes on with `obj` (log entry, redirect): it becomes the row.
        obj.__dict__.update(
            {key: value for key, value in row.__dict__.items() if key != "_state"}
        )
        obj._state.adding = False
        request.kb_new_token = token

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "kb_new_token", "")
        if token:
            messages.success(
                request,
                format_html(
                    "令牌已创建。请现在复制，它只显示这一次，之后无法找回："
                    '<code class="kb-token">{}</code>',
                    token,
                ),
            )
        return self.response_post_save_add(request, obj)

    @admin.action(description=_("吊销所选令牌"), permissions=["change"])
    def revoke(self, request, queryset):
        count = revoke_tokens(
            queryset.select_related("user"), actor=request.user, channel=ADMIN
        )
        self.message_user(request, f"已吊销 {count} 个令牌。")
