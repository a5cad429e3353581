"""The search dictionary in the admin: editors keep domain terms whole."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from essays.search.models import DictionaryTerm


@admin.register(DictionaryTerm)
class DictionaryTermAdmin(admin.ModelAdmin):
    list_display = ["word", "note", "created_at"]
    search_fields = ["word", "note"]
    ordering = ["word"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Text already indexed keeps its old tokens until it is rebuilt.
        messages.info(
            request,
            _(
                "新词已生效。已入库的文章需运行"
                " manage.py rebuild_search_index 后按新词切分。"
            ),
        )
