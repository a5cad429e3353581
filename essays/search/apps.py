from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search index: its own tables and migrations, beside the essays app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "essays.search"
    label = "search"
    verbose_name = _("搜索")

    def ready(self) -> None:
        from essays.search import signals

        signals.connect()
