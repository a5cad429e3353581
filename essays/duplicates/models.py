"""Stored fingerprints: one signature per essay, one row per LSH band.

Kept in the database, not in process memory (decisions.md, "Duplicates"), so
every worker sees the same index and an essay's rows go with it (CASCADE).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from essays.models import Essay


class EssayFingerprint(models.Model):
    """An essay's MinHash signature over its cleaned text (title excluded)."""

    essay = models.OneToOneField(
        Essay,
        on_delete=models.CASCADE,
        related_name="fingerprint",
        verbose_name=_("文章"),
    )
    scheme = models.CharField(
        _("方法"), max_length=60, help_text=_("计算签名的方法与参数；变更后需重建。")
    )
    signature = models.BinaryField(_("MinHash 签名"))
    shingle_count = models.PositiveIntegerField(_("5 字片段数"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("文章指纹")
        verbose_name_plural = _("文章指纹")

    def __str__(self) -> str:
        return f"{self.essay_id}: {self.shingle_count}"


class FingerprintBand(models.Model):
    """One LSH band of an essay's signature: essays sharing a band are candidates."""

    essay = models.ForeignKey(
        Essay,
        on_delete=models.CASCADE,
        related_name="fingerprint_bands",
        verbose_name=_("文章"),
    )
    band = models.PositiveSmallIntegerField(_("分段"))
    hash = models.BigIntegerField(_("分段哈希"))

    class Meta:
        verbose_name = _("指纹分段")
        verbose_name_plural = _("指纹分段")
        indexes = [models.Index(fields=["band", "hash"], name="fingerprint_band_hash")]
        constraints = [
            models.UniqueConstraint(
                fields=["essay", "band"], name="fingerprint_band_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.essay_id}/{self.band}: {self.hash}"
