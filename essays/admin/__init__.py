"""The editors' workbench: import, tree editing, ordering, publishing, history.

One module per concern; importing them registers every model (docs/admin.md).
"""

from django.contrib import admin
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
