from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EssaysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "essays"
    verbose_name = _("基层工作知识库")

    def ready(self) -> None:
        from essays import content_version

        content_version.connect_signals()
