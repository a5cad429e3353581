"""The API's shapes: one schema per resource, a detail extends its list schema.

Outputs read model rows and the selectors' tree nodes directly (resolvers for
what is computed: page URLs, paragraphs, anchors), and read only what the
selectors loaded, so query counts stay fixed. Inputs forbid unknown fields
and carry the models' length limits, so a body that breaks them is a 422
before any handler runs.
"""

import datetime
import enum
import functools
from typing import Annotated, Literal

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, ConfigDict, model_validator

from essays.models import LABEL_LENGTH, TITLE_LENGTH, Section, paragraphs
from essays.selectors import PointNode, point_anchor

MAX_ID = 2**53 - 1  # ids a JSON client (JavaScript) and bigint can both hold
# In a URL an id is text to convert; in a JSON body it must be a number
# (not `true` or "1").
IdParam = Annotated[int, Field(ge=1, le=MAX_ID)]
# One enum, so the OpenAPI document defines it once as a component and every
# field and parameter refers to it; a StrEnum reads as its value everywhere.
Category = enum.StrEnum(  # type: ignore[misc]
    "Category", [(value, value) for value in Section.Category.values]
)
Category.__doc__ = "A section's kind of guidance (duties, methods, cautions…)"
Paragraphs = list[str]


def text_only(value):
    """JSON dates are strings: refuse numbers pydantic would read as timestamps."""
    if value is not None and not isinstance(value, str | datetime.date):
        raise ValueError("a date is a string YYYY-MM-DD")
    return value


DateIn = Annotated[datetime.date, BeforeValidator(text_only)]


def whole_number(value):
    """A JSON number with no fraction: 143 and 143.0 (JSON Schema's "integer"
    admits both, issue 12), never "143", 143.5 or true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("需要一个整数")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("需要一个整数")
    return int(value)


Id = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(whole_number)]


def no_bool(value):
    """`true` is no number (pydantic would read it as 1)."""
    if isinstance(value, bool):
        raise ValueError("a number, not true or false")
    return value


Int = Annotated[int, BeforeValidator(no_bool)]
# Bounds go inside the type (not on a Field around `X | None`) and before
# any validator: pydantic then states them as JSON Schema minimum/maximum
# (otherwise its schema says `ge`/`le`, which no OpenAPI client reads).
Ordinal = Annotated[int, Field(ge=0, le=MAX_ID), BeforeValidator(no_bool)]
SmallCount = Annotated[int, Field(ge=0, le=32767), BeforeValidator(no_bool)]
Place = Annotated[int, Field(ge=1, le=100_000), BeforeValidator(no_bool)]


class ErrorOut(Schema):
    detail: str | list | dict = Field(
        ...,
        description="What went wrong: a sentence, or for 422 a list of "
        "{loc, msg, type} with loc = [query|path|body, field…]",
        examples=["Not Found"],
    )
    code: str | None = Field(
        None, description="A stable ASCII code to branch on", examples=["not_found"]
    )


def resolver(func):
    """A schema resolver that is handed the row or node itself.

    With pydantic 2.11+ a schema that refers to itself (PointTreeOut) hands
    resolvers ninja's DjangoGetter around the object (vitalik/django-ninja#1559).
    """

    @functools.wraps(func)
    def resolve(obj, **kwargs):
        while isinstance(obj, DjangoGetter):
            obj = obj._obj
        return func(obj, **kwargs)

    return staticmethod(resolve)


def page_url(obj, context: dict) -> str:
    """The absolute URL of a row's (or node's) HTML page."""
    return context["request"].build_absolute_uri(obj.get_absolute_url())


def topics_of(obj) -> list:
    """Topics prefetched with selectors.with_topics(), else through the manager."""
    topics = getattr(obj, "topic_list", None)
    return topics if topics is not None else list(obj.topics.all())


class TopicRef(Schema):
    name: str = Field(..., examples=["统战工作"])
    slug: str = Field(..., examples=["tong-zhan-gong-zuo"])


class TopicOut(TopicRef):
    essay_count: int = Field(..., description="Published essays on this topic")
    point_count: int = Field(..., description="Points of published essays on it")
    url: str = Field(..., description="The topic's HTML page")

    resolve_url = resolver(page_url)


class CollectionRef(Schema):
    id: int
    title: str = Field(..., examples=["如何做好新时期的基层党群工作"])


class CollectionOut(CollectionRef):
    site: str = Field(..., description="Document site, read from its furniture")
    source_published_at: datetime.datetime | None = Field(
        ..., description="The source site's upload time"
    )
    essay_count: int = Field(..., description="Published essays in it")
    url: str

    resolve_url = resolver(page_url)


class EssayOut(Schema):
    id: int
    slug: str = Field(
        ..., examples=["ru-he-zuo-hao-xin-shi-qi-de-ji-ceng-dang-qun-gong-zuo"]
    )
    title: str = Field(..., examples=["如何做好新时期的基层党群工作"])
    date: datetime.date | None = Field(..., examples=["2010-04-20"])
    author: str
    status: Literal["draft", "published"]
    published_at: datetime.datetime | None
    position: int = Field(..., description="Place in its collection, from 1")
    collection: CollectionRef
    topics: list[TopicRef]
    url: str = Field(..., description="The essay's HTML page")

    resolve_topics = resolver(topics_of)
    resolve_url = resolver(page_url)


class PointOut(Schema):
    """A point row (lists: essay, section and ancestors loaded) or a tree node."""

    id: int
    essay: str = Field(..., description="The essay's slug")
    section: int = Field(..., alias="section_id", description="The section's id")
    parent: int | None = Field(
        ..., alias="parent_id", description="The parent point's id, for sub-points"
    )
    position: int = Field(..., description="Place among its siblings, from 1")
    number: int | None = Field(..., examples=[7])
    label: str = Field(
        ..., description="Numbering as written, with its mark", examples=["第七,"]
    )
    title: str = Field(..., examples=["要管监督。"])
    body: Paragraphs
    topics: list[TopicRef]
    anchor: str = Field(..., description="Anchor on the essay page", examples=["s1-p7"])
    url: str = Field(..., description="The point's permalink page")

    resolve_topics = resolver(topics_of)
    resolve_url = resolver(page_url)

    @resolver
    def resolve_essay(obj) -> str:
        return obj.essay.slug

    @resolver
    def resolve_body(obj) -> list[str]:
        return paragraphs(obj.body)

    @resolver
    def resolve_anchor(obj) -> str:
        # A tree node knows its path; a listed row walks its loaded ancestors.
        return obj.anchor if isinstance(obj, PointNode) else point_anchor(obj)


class PointTreeOut(PointOut):
    children: list["PointTreeOut"]


PointTreeOut.model_rebuild()  # resolve the self-reference once, here


class SectionOut(Schema):
    id: int
    essay: str = Field(..., description="The essay's slug")
    position: int
    number: int | None = Field(..., description="null for an unnumbered group")
    label: str = Field(..., examples=["第一部分:"])
    title: str = Field(..., examples=["基层党组织的领导干部应该做什么?"])
    body: Paragraphs
    category: Category = Field(..., examples=["duties"])
    declared_count: int | None = Field(..., description="The 10 of 至少要管好10件事")
    anchor: str = Field(..., examples=["s1"])
    url: str

    resolve_url = resolver(page_url)

    @resolver
    def resolve_essay(obj) -> str:
        return obj.essay.slug

    @resolver
    def resolve_body(obj) -> list[str]:
        return paragraphs(obj.body)


class SectionTreeOut(SectionOut):
    points: list[PointTreeOut]


class EssayTreeOut(EssayOut):
    """Read from selectors.EssayTree, which answers for its essay's fields."""

    lead: Paragraphs = Field(..., description="The lead: paragraphs before the tree")
    closing: Paragraphs
    sections: list[SectionTreeOut]

    @resolver
    def resolve_lead(obj) -> list[str]:
        return paragraphs(obj.lead)

    @resolver
    def resolve_closing(obj) -> list[str]:
        return paragraphs(obj.closing)


class SearchHitOut(Schema):
    """A point, section or essay that matched (essays.search.results.Hit)."""

    kind: Literal["point", "section", "essay"]
    id: int = Field(..., alias="object_id", description="The hit's own id")
    score: float = Field(..., description="Higher ranks first")
    essay: str = Field(..., description="The essay's slug")
    essay_title: str
    section: int | None = Field(..., description="The section's id (null for an essay)")
    section_title: str
    title_html: str = Field(..., description="Label and title, matches in <mark>")
    snippet_html: str = Field(..., description="Text around the first match, in <mark>")
    url: str = Field(..., description="The hit's page")

    resolve_url = resolver(page_url)

    @resolver
    def resolve_essay(obj) -> str:
        return obj.essay.slug

    @resolver
    def resolve_essay_title(obj) -> str:
        return obj.essay.title

    @resolver
    def resolve_section(obj) -> int | None:
        return obj.section.pk if obj.section else None


def has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


class Strict(Schema):
    """An input: unknown fields refused, and no NUL characters anywhere."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def refuse_nul(cls, data):
        # NUL is never text here, and PostgreSQL cannot store it.
        if has_nul(data):
            raise ValueError("text may not contain NUL characters")
        return data


Title = Field(..., min_length=1, max_length=TITLE_LENGTH, pattern=r"\S")
Label = Field("", max_length=LABEL_LENGTH)
Body = Field(default_factory=list, max_length=2000)


# A field that cannot be null in the database cannot be null in a patch
# either: leave it out instead.
Number = Field(None)
Count = Field(None)
Position = Field(None, description="Last when omitted")


class EssayIn(Strict):
    collection: Id = Field(..., description="Id of the collection it belongs to")
    title: str = Title
    slug: str | None = Field(
        None,
        max_length=60,
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        description="Pinyin of the title when omitted; 409 if taken",
    )
    date: DateIn | None = None
    author: str = Field("", max_length=200)
    lead: Paragraphs = Body
    closing: Paragraphs = Body


class EssayPatch(Strict):
    title: str = Field(None, min_length=1, max_length=TITLE_LENGTH, pattern=r"\S")
    date: DateIn | None = None
    author: str = Field(None, max_length=200)
    lead: Paragraphs = Field(None, max_length=2000)
    closing: Paragraphs = Field(None, max_length=2000)


class SectionIn(Strict):
    title: str = Field("", max_length=TITLE_LENGTH)
    label: str = Label
    number: Ordinal | None = Number
    body: Paragraphs = Body
    category: Category = Field(None, description="Inferred from the title when omitted")
    declared_count: SmallCount | None = Count
    position: Place | None = Position


class SectionPatch(Strict):
    title: str = Field(None, max_length=TITLE_LENGTH)
    label: str = Field(None, max_length=LABEL_LENGTH)
    number: Ordinal | None = Number
    body: Paragraphs = Field(None, max_length=2000)
    category: Category = None
    declared_count: SmallCount | None = Count


class PointIn(Strict):
    title: str = Field(..., max_length=20_000)
    label: str = Label
    number: Ordinal | None = Number
    body: Paragraphs = Body
    parent: Id | None = Field(
        None, description="Id of the parent point, for a sub-point"
    )
    position: Place | None = Position


class PointPatch(Strict):
    title: str = Field(None, max_length=20_000)
    label: str = Field(None, max_length=LABEL_LENGTH)
    number: Ordinal | None = Number
    body: Paragraphs = Field(None, max_length=2000)


class OrderIn(Strict):
    ids: list[Id] = Field(
        ...,
        min_length=1,
        max_length=10_000,
        description="Every sibling's id, once, in the new order",
    )
    renumber: bool = Field(
        False, strict=True, description="Relabel in the list's own style (第一, 第二…)"
    )


class TopicsIn(Strict):
    topics: list[Annotated[str, Field(max_length=100)]] = Field(
        ..., max_length=50, examples=[["统战工作", "基层党建"]]
    )


ON_DUPLICATE_HELP = (
    "What to do with an essay whose text is already stored (a near-duplicate, "
    "docs/duplicates.md): `new` imports it anyway (the default; it is named in "
    "`warnings` and `duplicates`), `skip` leaves it out, `replace` writes its "
    "text over the most similar stored essay, which keeps its title, URL and "
    "status (a published one needs the publish permission)"
)


class ImportIn(Strict):
    text: str = Field(..., description="The raw document text")
    filename: str = Field("粘贴的文本.txt", max_length=200)
    # Strict: `true`, not "yes" (as in forms and query strings, see imports.py).
    dry_run: bool = Field(
        False, strict=True, description="Parse only; answer the import contract's JSON"
    )
    publish: bool = Field(
        False,
        strict=True,
        description="Publish the new essays (needs publish permission)",
    )
    replace: bool = Field(
        False, strict=True, description="Replace a stored earlier version"
    )
    on_duplicate: Literal["new", "skip", "replace"] = Field(
        "new", description=ON_DUPLICATE_HELP
    )


class DuplicateMatchOut(Schema):
    essay_id: int = Field(..., description="The stored essay's id")
    title: str
    slug: str
    collection_id: int
    site: str = Field(..., description="Its source site; empty when none was read")
    similarity: float = Field(..., description="Estimated Jaccard similarity, 0..1")
    admin_url: str
    public_url: str


class DuplicateOut(Schema):
    essay: int = Field(..., description="The essay's place in the document, from 1")
    title: str
    action: Literal["new", "skip", "replace"] = Field(
        ..., description="What the import did with it"
    )
    replaced_essay: int | None = Field(
        None, description="The stored essay it was written over (`replace`)"
    )
    matches: list[DuplicateMatchOut] = Field(..., description="Best first")


class ImportOut(Schema):
    collection: int
    status: Literal["created", "unchanged", "replaced"]
    essays: int
    sections: int
    points: int
    changes: list[str]
    warnings: list[str]
    duplicates: list[DuplicateOut] = Field(
        default_factory=list,
        description="Essays of the document whose text was already stored",
    )


# The import contract's dry-run JSON (essays/importer/render.py writes it).


class ImportNodeOut(Schema):
    kind: Literal["section", "point"]
    label: str = Field(..., description="Numbering as written; empty if none")
    number: int | None
    title: str
    body: Paragraphs
    children: list["ImportNodeOut"]


ImportNodeOut.model_rebuild()


class ImportEssayOut(Schema):
    title: str
    date: str | None = Field(..., description="YYYY-MM-DD", examples=["2010-04-20"])
    body: Paragraphs = Field(..., description="The lead (Essay.lead once stored)")
    nodes: list[ImportNodeOut]
    closing: Paragraphs


class ImportSourceOut(Schema):
    path: str
    title: str
    published_at: str | None = Field(..., description="ISO 8601, the site's time")
    sha256: str


class ImportDocumentOut(Schema):
    source: ImportSourceOut
    essays: list[ImportEssayOut]
    warnings: list[str] = Field(..., description="Chinese sentences (第12行:…)")


class ImportFileError(Schema):
    path: str
    error: str


class ImportReportOut(Schema):
    """What a dry run answers: the parse, nothing stored."""

    documents: list[ImportDocumentOut]
    errors: list[ImportFileError]


# The words a form or query string may say yes or no with (api/imports.py).
FLAG_WORDS = ["true", "false", "1", "0", "yes", "no", "on", "off", ""]


def flag_parameter(name: str, description: str) -> dict:
    return {
        "in": "query",
        "name": name,
        "required": False,
        "description": description + " (with any body; true if body or query says so)",
        "schema": {"type": "string", "enum": FLAG_WORDS, "default": "false"},
    }


# A raw body (text/plain, .docx, PDF…) carries its flags in the query string;
# JSON and form bodies carry them as fields.
IMPORT_QUERY_PARAMETERS = [
    flag_parameter("dry_run", "Parse only; answer the import contract's JSON"),
    flag_parameter("publish", "Publish the new essays (needs publish permission)"),
    flag_parameter("replace", "Replace a stored earlier version"),
    {
        "in": "query",
        "name": "filename",
        "required": False,
        "description": "The document's file name (raw bodies)",
        "schema": {"type": "string", "maxLength": 200},
    },
    {
        "in": "query",
        "name": "on_duplicate",
        "required": False,
        "description": ON_DUPLICATE_HELP + " (any body; JSON may send it as a field)",
        "schema": {
            "type": "string",
            "enum": ["new", "skip", "replace"],
            "default": "new",
        },
    },
]


class ChangeOut(Schema):
    """One entry of the change feed (essays/changes.py)."""

    type: Literal["essay", "section", "point"]
    id: int
    essay: str = Field(..., description="The essay's slug")
    action: Literal["created", "updated", "deleted"]
    at: datetime.datetime = Field(..., description="When the change was recorded")
    cursor: str = Field(..., description="Resume after this entry's revision")


class ChangesOut(Schema):
    items: list[ChangeOut]
    cursor: str = Field(..., description="Pass as `since` for the next page")
    more: bool = Field(..., description="Whether a next page has entries already")
