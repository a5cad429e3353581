"""What callers get: typed hits, grouped by essay, a page and counts per kind."""

from dataclasses import dataclass, field
from math import ceil

from django.utils.safestring import SafeString

from essays.models import Essay, Point, Section
from essays.search.syntax import ParsedQuery

KIND_NAMES = {"point": "要点", "section": "部分", "essay": "文章"}


@dataclass(frozen=True)
class Hit:
    """A point, section or essay that matched, with where it stands."""

    kind: str  # "point" | "section" | "essay"
    score: float
    essay: Essay
    section: Section | None
    point: Point | None
    title_html: SafeString  # label and title, matches in <mark>
    snippet_html: SafeString  # the text around the first match

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    def get_absolute_url(self) -> str:
        return (self.point or self.section or self.essay).get_absolute_url()

    @property
    def url(self) -> str:
        return self.get_absolute_url()

    @property
    def section_title(self) -> str:
        if self.section is None:
            return ""
        from essays.typography import section_heading

        # Never a placeholder: an untitled section is named by its own words.
        return f"{self.section.label}{section_heading(self.section, [])}"

    @property
    def object_id(self) -> int:
        return (self.point or self.section or self.essay).pk


@dataclass
class EssayGroup:
    essay: Essay
    hits: list[Hit]


@dataclass(frozen=True)
class ResultPage:
    """Enough of Django's Page for templates/essays/_pagination.html."""

    number: int
    per_page: int
    count: int

    @property
    def paginator(self) -> "ResultPage":
        return self

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.count / self.per_page))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@dataclass
class SearchResults:
    query: ParsedQuery
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # per kind, before `kind`
    is_capped: bool = False  # the counts stop at MATCH_WINDOW: "at least"
    total: int = 0  # hits across all pages (of the chosen kind, if one was)
    page: ResultPage = field(default_factory=lambda: ResultPage(1, 20, 0))
    suggestions: list[str] = field(default_factory=list)  # whole queries to try
    backend: str = ""

    @property
    def groups(self) -> list[EssayGroup]:
        """The page's hits by essay, essays in the order of their best hit."""
        groups: dict[int, EssayGroup] = {}
        for hit in self.hits:
            groups.setdefault(hit.essay.pk, EssayGroup(hit.essay, [])).hits.append(hit)
        return list(groups.values())

    @property
    def kind_counts(self) -> list[tuple[str, str, int]]:
        return [
            (kind, name, self.counts.get(kind, 0)) for kind, name in KIND_NAMES.items()
        ]
