"""The domain: Collection 1-* Essay 1-* Section 1-* Point (sub-points nest).

See design.md, "Domain model". Paragraph fields (`body`, `closing`) hold one
paragraph per line; `paragraphs()` splits them back.
"""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from essays.slugs import pinyin_slug, with_suffix

TITLE_LENGTH = 500
LABEL_LENGTH = 40


def paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a paragraph field, in order."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def sees_drafts(user) -> bool:
    """Staff users see drafts on the reader site (bannered); nobody else does."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def published_filter(path: str = "") -> Q:
    """The one published-only condition, on the essay reached through `path`.

    `path` is the lookup from the filtered model to its essay ("" for Essay,
    "essay__" for a section or point, "tagged_essays__content_object__" for a
    topic's essays); every published()/visible() below is built from it, so
    what is public is decided here (decisions.md, Visibility).
    """
    return Q(**{f"{path}status": Essay.Status.PUBLISHED})


class VisibleQuerySet(models.QuerySet):
    """published() and visible(user): what a reader, or a staff member, may see."""

    essay_path = ""  # lookup from this model to the essay whose status decides

    def published(self):
        """Rows of published essays only."""
        return self.filter(published_filter(self.essay_path))

    def visible(self, user=None, *, include_drafts: bool = False):
        """Published rows; drafts too for a staff user or when drafts were granted.

        `include_drafts` is a decision already taken by the caller's edge (the
        API grants it to staff tokens that ask, writes to their own results).
        """
        if include_drafts or sees_drafts(user):
            return self.all()
        return self.published()


class UsedByEssaysQuerySet(VisibleQuerySet):
    """Collections and topics: visible while a visible essay (or point) uses them."""

    def uses(self, drafts: bool) -> Q:
        raise NotImplementedError

    def published(self):
        return self.filter(self.uses(False))

    def visible(self, user=None, *, include_drafts: bool = False):
        return self.filter(self.uses(include_drafts or sees_drafts(user)))


def status_unless(drafts: bool, path: str) -> Q:
    """No condition when drafts are visible, else the published-only one."""
    return Q() if drafts else published_filter(path)


def counting(rows: models.QuerySet) -> Subquery:
    """The number of `rows` (correlated with OuterRef), as a subquery."""
    return Subquery(
        rows.order_by().values("tag").annotate(count=Count("pk")).values("count")
    )


class TopicQuerySet(UsedByEssaysQuerySet):
    def uses(self, drafts: bool) -> Q:
        essays = TaggedEssay.objects.filter(
            status_unless(drafts, "content_object__"), tag=OuterRef("pk")
        )
        points = TaggedPoint.objects.filter(
            status_unless(drafts, "content_object__essay__"), tag=OuterRef("pk")
        )
        return Q(Exists(essays)) | Q(Exists(points))

    def counted(self, user=None, *, include_drafts: bool = False):
        """Visible topics with `essay_count` and `point_count` of visible content."""
        drafts = include_drafts or sees_drafts(user)
        # One counting subquery per kind: two Counts over two joins would
        # count the product of a topic's essays and points (and sort it for
        # DISTINCT), 30 s a query at 1,000 essays (docs/benchmarks.md, Load).
        essays = TaggedEssay.objects.filter(
            status_unless(drafts, "content_object__"), tag=OuterRef("pk")
        )
        points = TaggedPoint.objects.filter(
            status_unless(drafts, "content_object__essay__"), tag=OuterRef("pk")
        )
        return self.annotate(
            essay_count=Coalesce(counting(essays), 0),
            point_count=Coalesce(counting(points), 0),
        ).filter(Q(essay_count__gt=0) | Q(point_count__gt=0))


class Topic(TagBase):
    """A topic tag (统战工作, 群众工作…) with a pinyin slug."""

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("essays:topic_detail", args=[self.slug])

    def slugify(self, tag: str, i: int | None = None) -> str:
        # taggit calls this again with i = 1, 2… after a slug collision; the
        # house style for a second use of a slug is `-2`.
        slug = pinyin_slug(tag, fallback="topic")
        return slug if i is None else with_suffix(slug, i + 1)


class TaggedEssay(TaggedItemBase):
    content_object = models.ForeignKey("Essay", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="tagged_essays"
    )

    class Meta:
        verbose_name = _("文章主题")
        verbose_name_plural = _("文章主题")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_essay_unique"
            )
        ]


class TaggedPoint(TaggedItemBase):
    content_object = models.ForeignKey("Point", on_delete=models.CASCADE)
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="tagged_points"
    )

    class Meta:
        verbose_name = _("要点主题")
        verbose_name_plural = _("要点主题")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_point_unique"
            )
        ]


class CollectionQuerySet(UsedByEssaysQuerySet):
    def uses(self, drafts: bool) -> Q:
        essays = Essay.objects.filter(
            status_unless(drafts, ""), collection=OuterRef("pk")
        )
        return Q(Exists(essays))

    def counted(self, user=None, *, include_drafts: bool = False):
        """Visible collections with the `essay_count` of their visible essays."""
        drafts = include_drafts or sees_drafts(user)
        counted = Count("essays", filter=status_unless(drafts, "essays__") or None)
        return self.annotate(essay_count=counted).filter(essay_count__gt=0)


class Collection(models.Model):
    """One scraped source document (汇编), kept whole with its hash."""

    title = models.CharField(_("标题"), max_length=TITLE_LENGTH)
    site = models.CharField(
        _("来源网站"),
        max_length=200,
        blank=True,
        help_text=_("从页面杂项中读出的网站名。"),
    )
    source_path = models.CharField(_("原始文件"), max_length=500, blank=True)
    source_published_at = models.DateTimeField(_("网站上传时间"), null=True, blank=True)
    raw_text = models.TextField(_("原文"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("汇编")
        verbose_name_plural = _("汇编")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "title"], name="collection_site_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("essays:essay_list") + f"?collection={self.pk}"


class EssayQuerySet(VisibleQuerySet):
    essay_path = ""


class SectionQuerySet(VisibleQuerySet):
    essay_path = "essay__"


class PointQuerySet(VisibleQuerySet):
    essay_path = "essay__"


class Essay(models.Model):
    """One speech or article inside a collection."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    collection = models.ForeignKey(
        Collection,
        on_delete=models.CASCADE,
        related_name="essays",
        verbose_name=_("汇编"),
    )
    position = models.PositiveIntegerField(_("在汇编中的顺序"))
    title = models.CharField(_("标题"), max_length=TITLE_LENGTH)
    slug = models.SlugField(
        _("网址名"),
        max_length=60,
        unique=True,
        blank=True,
        help_text=_("由标题的拼音生成；一经生成不再改变，以免链接失效。"),
    )
    date = models.DateField(_("日期"), null=True, blank=True)
    author = models.CharField(_("作者/讲话人"), max_length=200, blank=True)
    lead = models.TextField(_("开头"), blank=True, help_text=_("每行一段。"))
    closing = models.TextField(_("结尾"), blank=True, help_text=_("每行一段。"))
    typography = models.BooleanField(
        _("排版规范化"),
        default=True,
        help_text=_(
            "显示时把中文之间的英文标点换成中文标点（如“,”换成“，”）；原文不变。"
        ),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    topics = TaggableManager(
        through=TaggedEssay, blank=True, verbose_name=_("主题"), related_name="essays"
    )

    objects = EssayQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["collection_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "position"], name="essay_position_unique"
            )
        ]
        permissions = [("publish_essay", _("可以发布和撤回文章"))]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="essay_status_published"
            ),
            models.Index(fields=["status", "-date"], name="essay_status_date"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The slug is a default made once from the title, like taggit's tag
        # slugs; it is never recomputed, so links to the essay last.
        if not self.slug:
            self.slug = self.make_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("essays:essay_detail", args=[self.slug])

    @classmethod
    def make_slug(cls, title: str) -> str:
        """A pinyin slug for `title` not yet used by any essay (`-2`, `-3`…)."""
        from essays.slugs import unique_slug

        return unique_slug(
            title,
            is_taken=lambda slug: cls.objects.filter(slug=slug).exists(),
            fallback="essay",
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def lead_paragraphs(self) -> list[str]:
        return paragraphs(self.lead)

    def closing_paragraphs(self) -> list[str]:
        return paragraphs(self.closing)


class Section(models.Model):
    """A top-level node of an essay's tree: a numbered heading or unnumbered group."""

    class Category(models.TextChoices):
        SUGGESTIONS = "suggestions", _("建议")
        CAUTIONS = "cautions", _("注意事项")
        CAUSES = "causes", _("原因")
        PROBLEMS = "problems", _("问题")
        DUTIES = "duties", _("职责")
        METHODS = "methods", _("方法")
        FEATURES = "features", _("特点")
        STATUS = "status", _("现状")
        PRACTICES = "practices", _("做法")
        OTHER = "other", _("其他")

    essay = models.ForeignKey(
        Essay, on_delete=models.CASCADE, related_name="sections", verbose_name=_("文章")
    )
    position = models.PositiveIntegerField(
        _("顺序"), help_text=_("在同级中的先后，从 1 开始；移动时自动调整。")
    )
    number = models.PositiveIntegerField(
        _("第几项"),
        null=True,
        blank=True,
        help_text=_("编号代表的数字（第十为 10）；无编号的分组留空。"),
    )
    label = models.CharField(
        _("编号"),
        max_length=LABEL_LENGTH,
        blank=True,
        help_text=_("照原文写，含标点，如“二、”“第一部分：”。"),
    )
    title = models.CharField(_("标题"), max_length=TITLE_LENGTH, blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("每行一段。"))
    category = models.CharField(
        _("类别"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    declared_count = models.PositiveSmallIntegerField(
        _("标题中说的条数"),
        null=True,
        blank=True,
        help_text=_("标题里写明的条数，如“做好10件事”中的 10。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("部分")
        verbose_name_plural = _("部分")
        ordering = ["essay_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["essay", "position"], name="section_position_unique"
            )
        ]
        indexes = [models.Index(fields=["category"], name="section_category")]

    def __str__(self) -> str:
        return f"{self.label}{self.title}".strip() or f"§{self.position}"

    def get_absolute_url(self) -> str:
        return f"{self.essay.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        """The section's anchor on its essay page: `s3` for the third section."""
        return f"s{self.position}"

    def body_paragraphs(self) -> list[str]:
        return paragraphs(self.body)


class Point(models.Model):
    """A numbered guidance item under a section; sub-points hang under a point."""

    essay = models.ForeignKey(
        Essay, on_delete=models.CASCADE, related_name="points", verbose_name=_("文章")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="points", verbose_name=_("部分")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级要点"),
    )
    position = models.PositiveIntegerField(
        _("顺序"), help_text=_("在同级中的先后，从 1 开始；移动时自动调整。")
    )
    number = models.PositiveIntegerField(
        _("第几项"),
        null=True,
        blank=True,
        help_text=_("编号代表的数字（第十为 10）；无编号的分组留空。"),
    )
    label = models.CharField(
        _("编号"),
        max_length=LABEL_LENGTH,
        blank=True,
        help_text=_("照原文写，含标点，如“第一，”“（三）”“1、”。"),
    )
    title = models.TextField(_("标题"), blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("每行一段。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    topics = TaggableManager(
        through=TaggedPoint, blank=True, verbose_name=_("主题"), related_name="points"
    )

    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("要点")
        verbose_name_plural = _("要点")
        ordering = ["essay_id", "section_id", "position"]
        constraints = [
            # Order is unique within each parent: the section for top-level
            # points, the parent point for sub-points.
            models.UniqueConstraint(
                fields=["section", "position"],
                condition=Q(parent__isnull=True),
                name="point_position_unique_in_section",
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="point_position_unique_in_parent",
            ),
        ]
        indexes = [
            # A point's essay without its row: the topic page finds the
            # essays holding a topic's points by an index-only scan (issue 11).
            models.Index(fields=["id", "essay"], name="point_id_essay"),
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.title}".strip() or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("essays:point_detail", args=[self.pk])

    def body_paragraphs(self) -> list[str]:
        return paragraphs(self.body)


class ApiToken(models.Model):
    """A bearer token for the JSON API; it acts with its user's permissions.

    Only a SHA-256 hash of the token is stored: the token itself is shown once,
    when it is created (the admin), and cannot be recovered afterwards.
    """

    class Scope(models.TextChoices):
        READ = "read", _("只读")
        READ_WRITE = "read-write", _("读写")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("用户"),
    )
    name = models.CharField(
        _("名称"), max_length=100, help_text=_("用途，如“学习平台同步”。")
    )
    scope = models.CharField(
        _("权限范围"), max_length=10, choices=Scope.choices, default=Scope.READ
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(
        _("最近使用"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class WatermarkWord(models.Model):
    """An editor's addition to one of the importer's word lists (editors' rules).

    The name is historical: the model began as watermark words and keeps its
    name so its table, permissions and admin URL stay put. `kind` names the
    list (a `data/` file's stem, or `heading_cuts`); `site` limits the entry
    to documents from one source site (blank: every document). Merged with
    the importer's shipped lists on every import (`essays.watermarks`).
    """

    class Kind(models.TextChoices):
        WATERMARKS = "watermarks", _("水印词")
        FURNITURE = "furniture", _("附加内容（短行中的短语）")
        FURNITURE_LINES = "furniture_lines", _("附加内容（整行）")
        HEADING_CUTS = "heading_cuts", _("标题切分")
        LABEL_WORDS = "label_words", _("编号词（方法二：）")
        HEADING_ENDERS = "heading_enders", _("标题结尾词")
        SENTENCE_OPENERS = "sentence_openers", _("句首词")
        BADGES = "badges", _("标题后缀标记")
        NOTICE_PHRASES = "notice_phrases", _("网站提示语")
        QUESTION_WORDS = "question_words", _("问句词")
        TRUNCATION = "truncation", _("截断提示")
        RELATED = "related", _("相关推荐标题")

    kind = models.CharField(
        _("词表"),
        max_length=30,
        choices=Kind.choices,
        default=Kind.WATERMARKS,
        db_index=True,
    )
    word = models.CharField(
        _("词或短语"),
        max_length=200,
        help_text=_("标题切分时为标题保留的部分（编号之后、切分处之前）。"),
    )
    site = models.CharField(
        _("来源网站"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("只用于这个网站的文档；留空则用于所有文档。"),
    )
    note = models.CharField(
        _("备注"), max_length=200, blank=True, help_text=_("在哪个网站见到的。")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("添加人"),
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("词表条目")
        verbose_name_plural = _("编辑词表")
        ordering = ["kind", "site", "word"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "site", "word"], name="editor_word_once_per_list"
            )
        ]

    def __str__(self) -> str:
        return self.word


class ImportUpload(models.Model):
    """A document uploaded in the admin: held for its preview, then imported.

    The bytes live here, not in the session, between the preview and the
    confirmation (a document may be 5 MiB); once imported they are dropped
    (the collection keeps the text) and the row records who imported what,
    with the revisions that undo it.
    """

    class Status(models.TextChoices):
        STAGED = "staged", _("待确认")
        IMPORTED = "imported", _("已导入")
        UNDONE = "undone", _("已撤销")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    filename = models.CharField(_("文件名"), max_length=255)
    raw = models.BinaryField(_("原始字节"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("大小（字节）"), editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.STAGED
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("汇编"),
    )
    outcome = models.CharField(_("结果"), max_length=20, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导入的修订"),
    )
    snapshot = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("替换前的快照"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


# History (django-reversion). Each model follows what belongs to it, so one
# revision holds a whole tree: a collection its essays, an essay its sections
# and points, a point its topics (taggit's through rows, which follow the tag
# so a deleted topic can come back). essays.history reads this map too.
VERSIONED: dict[type[models.Model], tuple[str, ...]] = {
    Topic: (),
    TaggedEssay: ("tag",),
    TaggedPoint: ("tag",),
    Collection: ("essays",),
    Essay: ("sections", "points", "taggedessay_set"),
    Section: ("points",),
    Point: ("taggedpoint_set",),
    WatermarkWord: (),
}
for _model, _follow in VERSIONED.items():
    reversion.register(_model, follow=_follow)


class ContentVersion(models.Model):
    """One row counting changes to published content (essays/content_version.py).

    Cached API reads are keyed by it, so every process sees a change at once,
    whatever its cache: the counter lives in the database, in the writing
    transaction.
    """

    value = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("内容版本")
        verbose_name_plural = _("内容版本")

    def __str__(self) -> str:
        return str(self.value)


class EssayVersion(models.Model):
    """A counter of changes within one essay (essays/content_version.py).

    A reader's page that shows only some essays (an essay's page, a point's
    page and its related points) is kept while these essays' counters stand,
    so an edit elsewhere leaves it cached. No foreign key: a counter outlives
    its essay's deletion harmlessly, and a bump never waits on the essay's row.
    """

    essay_id = models.BigIntegerField(_("文章编号"), primary_key=True)
    value = models.PositiveBigIntegerField(_("值"), default=0)

    class Meta:
        verbose_name = _("文章内容版本")
        verbose_name_plural = _("文章内容版本")

    def __str__(self) -> str:
        return f"{self.essay_id}：{self.value}"


# Who changed what through which channel (essays/services/recording.py).


class ChannelKind(models.TextChoices):
    """The way a change reached the database."""

    ADMIN = "admin", _("后台")
    API = "api", _("API 令牌")
    COMMAND = "command", _("命令行")


class RevisionSource(models.Model):
    """The channel a history revision came through (reversion.add_meta)."""

    revision = models.OneToOneField(
        "reversion.Revision",
        on_delete=models.CASCADE,
        related_name="source",
        verbose_name=_("修订"),
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=ChannelKind.choices)
    token_name = models.CharField(_("令牌名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("修订来源")
        verbose_name_plural = _("修订来源")

    def __str__(self) -> str:
        label = self.get_channel_display()
        return f"{label}“{self.token_name}”" if self.token_name else str(label)


class AuditEntry(models.Model):
    """A change that is not content: essays published or withdrawn, tokens."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("发布")
        UNPUBLISH = "unpublish", _("撤回")
        TOKEN_CREATED = "token_created", _("创建令牌")
        TOKEN_REVOKED = "token_revoked", _("吊销令牌")
        DELETE = "delete", _("删除")

    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=ChannelKind.choices)
    token_name = models.CharField(_("令牌名称"), max_length=100, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    target = models.CharField(_("对象"), max_length=TITLE_LENGTH)
    detail = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}:{self.target}"
