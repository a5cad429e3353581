"""The duplicates app: its own label, so its migrations never meet essays'."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuplicatesConfig(AppConfig):
    name = "essays.duplicates"
    label = "duplicates"
    verbose_name = _("重复文章检测")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from essays.duplicates import checks  # noqa: F401  (registers the check)
