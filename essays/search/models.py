"""The search index's tables: one entry per searchable object, its vocabulary,
and the editors' dictionary of domain terms.

Entries hold normalized text (normalize.py) and its jieba tokens; the engine's
own structure is built over them in migrations: a generated tsvector column
with a GIN index on PostgreSQL, an FTS5 table kept by triggers on SQLite.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    """An essay, section or point as search sees it."""

    class Kind(models.TextChoices):
        POINT = "point", _("要点")
        SECTION = "section", _("部分")
        ESSAY = "essay", _("文章")

    kind = models.CharField(max_length=7, choices=Kind.choices)
    essay = models.ForeignKey(
        "essays.Essay", on_delete=models.CASCADE, related_name="+"
    )
    section = models.ForeignKey(
        "essays.Section", on_delete=models.CASCADE, null=True, related_name="+"
    )
    point = models.ForeignKey(
        "essays.Point", on_delete=models.CASCADE, null=True, related_name="+"
    )
    # Filters, copied from the object and its parents when it is indexed.
    collection_id = models.BigIntegerField()
    category = models.CharField(max_length=20, blank=True)
    topic_ids = models.TextField(blank=True, help_text="' 3 17 ': space-delimited")
    # Normalized text, for phrases, substrings and snippets' positions.
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # The same text as jieba search-mode tokens, space-separated.
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("索引条目")
        verbose_name_plural = _("索引条目")
        constraints = [
            models.UniqueConstraint(
                fields=["essay"], condition=Q(kind="essay"), name="search_one_essay"
            ),
            models.UniqueConstraint(
                fields=["section"],
                condition=Q(kind="section"),
                name="search_one_section",
            ),
            models.UniqueConstraint(
                fields=["point"], condition=Q(kind="point"), name="search_one_point"
            ),
        ]
        indexes = [models.Index(fields=["collection_id"], name="search_collection")]

    def __str__(self) -> str:
        return f"{self.kind} {self.point_id or self.section_id or self.essay_id}"


class Term(models.Model):
    """A token the index has seen: for expanding parts and for suggestions."""

    token = models.CharField(max_length=100, unique=True)
    pinyin = models.CharField(max_length=400, db_index=True)
    length = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "search_term"
        verbose_name = _("索引词")
        verbose_name_plural = _("索引词")

    def __str__(self) -> str:
        return self.token


class DictionaryTerm(models.Model):
    """A domain term jieba keeps whole (统战工作, 三会一课): editors extend it."""

    word = models.CharField(_("词语"), max_length=50, unique=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        db_table = "search_dictionary"
        verbose_name = _("搜索词典词语")
        verbose_name_plural = _("搜索词典")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word
