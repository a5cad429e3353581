"""The editors' workbench: import, tree editing, ordering, publishing, history.

One module per concern; importing them registers every model (docs/admin.md).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from essays.admin import content, imports, tokens, topics

__all__ = ["content", "imports", "tokens", "topics"]

admin.site.site_header = _("基层工作知识库 · 编辑后台")
admin.site.site_title = _("知识库编辑后台")
admin.site.index_title = _("内容管理")
