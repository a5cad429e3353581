"""The layers in docs/architecture.md, checked by reading the code (ast).

- The importer is pure: it imports nothing from Django or the rest of essays.
- What is public is decided once: no module outside essays/models.py,
  essays/selectors.py and essays/search/ filters on an essay's status.
- Pages, API reads, feeds and the sitemap read through selectors, never
  through a content model's manager.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ESSAYS = ROOT / "essays"


def modules(*roots: Path) -> list[Path]:
    found = []
    for root in roots:
        found += [root] if root.is_file() else sorted(root.rglob("*.py"))
    return [path for path in found if "migrations" not in path.parts]


def name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported(module: ast.Module) -> list[str]:
    """Absolute module names imported (relative imports stay inside the package)."""
    names = []
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


IMPORTER = ESSAYS / "importer"


@pytest.mark.parametrize("path", modules(IMPORTER), ids=name)
def test_the_importer_imports_nothing_from_django_or_the_rest_of_essays(path):
    for module in imported(tree(path)):
        top = module.split(".")[0]
        assert top != "django", f"{name(path)} imports {module}"
        if top == "essays":
            assert module.startswith("essays.importer"), (
                f"{name(path)} imports {module}"
            )


# Where published()/visible() may be written: the models define them, the
# selectors and the search backends build on them (decisions.md, Visibility).
MAY_FILTER_ON_STATUS = (
    ESSAYS / "models.py",
    ESSAYS / "selectors.py",
    ESSAYS / "search",
)
QUERY_CALLS = {
    "filter",
    "exclude",
    "get",
    "Q",
    "Count",
    "Sum",
    "When",
    "Exists",
    "get_object_or_404",
    "get_list_or_404",
}
STATUS_LOOKUP = re.compile(r"(^|__)status($|__)")
ESSAY_STATUS_VALUE = re.compile(
    r"Essay\.Status|\bPUBLISHED\b|\bDRAFT\b|published|draft"
)


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def status_filters(path: Path) -> list[str]:
    """`status=…`/`essay__status=…` lookups in query calls (a row's own
    `status` of another model, e.g. an ImportUpload's, is not an essay's)."""
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or call_name(node) not in QUERY_CALLS:
            continue
        for keyword in node.keywords:
            if not keyword.arg or not STATUS_LOOKUP.search(keyword.arg):
                continue
            value = ast.get_source_segment(source, keyword.value) or ""
            if "__" in keyword.arg or ESSAY_STATUS_VALUE.search(value):
                found.append(f"{name(path)}:{node.lineno} {keyword.arg}={value}")
    return found


def outside_the_visibility_layer() -> list[Path]:
    allowed = modules(*MAY_FILTER_ON_STATUS)
    everything = modules(ESSAYS, ROOT / "kb")
    return [path for path in everything if path not in allowed]


def test_only_models_selectors_and_search_filter_on_an_essays_status():
    found = [
        hit for path in outside_the_visibility_layer() for hit in status_filters(path)
    ]
    assert not found, "use .published() / .visible(user) instead:\n" + "\n".join(found)


def test_the_status_check_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Point.objects.filter(essay__status=Essay.Status.PUBLISHED)\n"
        "Count('essays', filter=Q(essays__status='published'))\n"
        "Essay.objects.exclude(status=PUBLISHED)\n"
        "ImportUpload.objects.filter(status=ImportUpload.Status.STAGED)\n"
        "HttpResponse(content, status=404)\n",
        encoding="utf-8",
    )
    lines = [hit.split(" ")[0].split(":")[1] for hit in status_filters(sample)]
    assert sorted(lines) == ["1", "2", "3"]


# Modules that render what readers see: they read through selectors only.
READERS = (
    ESSAYS / "views.py",
    ESSAYS / "api" / "reads.py",
    ESSAYS / "feeds.py",
    ESSAYS / "sitemaps.py",
    ESSAYS / "downloads.py",
    *modules(ESSAYS / "exports"),
)
CONTENT_MODELS = {
    "Collection",
    "Essay",
    "Section",
    "Point",
    "Topic",
    "TaggedEssay",
    "TaggedPoint",
}


def direct_reads(path: Path) -> list[str]:
    """`Model.objects…` and `get_object_or_404(Model, …)` on content models."""
    found = []
    for node in ast.walk(tree(path)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in CONTENT_MODELS
        ):
            found.append(f"{name(path)}:{node.lineno} {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and call_name(node) in {"get_object_or_404", "get_list_or_404"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in CONTENT_MODELS
        ):
            found.append(f"{name(path)}:{node.lineno} {call_name(node)}")
    return found


@pytest.mark.parametrize("path", READERS, ids=name)
def test_pages_api_reads_feeds_and_sitemap_read_through_selectors(path):
    assert not direct_reads(path), "call a selector instead:\n" + "\n".join(
        direct_reads(path)
    )
