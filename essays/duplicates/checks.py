"""System check: the near-duplicate threshold must be a similarity."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_threshold(app_configs, **kwargs) -> list[Error]:
    """DUPLICATE_THRESHOLD must lie in (0, 1]; 0 would flag every essay."""
    threshold = getattr(settings, "DUPLICATE_THRESHOLD", 0.8)
    if isinstance(threshold, int | float) and 0 < threshold <= 1:
        return []
    return [
        Error(
            f"DUPLICATE_THRESHOLD 应为 0 到 1 之间的数（不含 0），现为 {threshold!r}。",
            hint="如 0.8：两篇文章的 5 字片段有八成相同即视为重复。",
            id="duplicates.E001",
        )
    ]
