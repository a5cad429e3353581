"""Every Chinese sentence the project writes uses Chinese punctuation.

House rule (issues 15 and 16): what a reader, editor or API client sees is
Chinese with `，：；？！（）` inside Chinese text, never ASCII `,:;?!()`.
Numbers, Latin words, code, URLs and regular expressions keep theirs.

The guard reads the source, not rendered pages, so it covers every message
whether or not a test happens to trigger it:

- every string constant (and every literal part of an f-string) in the Python
  files under essays/ and kb/, except migrations;
- the text of every template under templates/, outside `{% %}`, `{{ }}`,
  `{# #}` and HTML comments, and the quoted strings inside `{% %}` and
  `{{ }}` (`default:"（无标题）"` is shown too).

It fails with file:line for an ASCII `,:;?!()` directly next to a Chinese
character (or a Chinese quote, bracket or mark). A mark quoted on its own,
as in 把“,”换成“，”, is named rather than used and passes.

What it skips, and why:

- docstrings and comments (developers' words);
- regular expressions: constants inside the arguments of a `re.*` call, of
  a call to a function of the same module whose parameter is named `regex`
  or `pattern` (the importer's `_style`, `_furniture`), and constants
  assigned to a name that such an argument uses, followed to a fixed point
  (so `LABEL_CN` built into a pattern is a pattern too), plus names ending
  in `_RE`, `_REGEX` or `_PATTERN`;
- modules whose docstring starts with `DATA:` (the importer's patterns and
  word lists: they match what sources wrote, so they hold ASCII marks on
  purpose);
- arguments of logger calls (operators' logs);
- `examples=` / `example=` arguments in essays/schemas.py (there OpenAPI
  examples quote essays, and source text keeps what the source had) and `description=` /
  `summary=` arguments written in English (the OpenAPI description is the
  developers' English documentation; an English sentence quoting 第一, 第二
  keeps English punctuation).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Chinese character, or a mark that only appears in Chinese text.
CHINESE = f"[{HAN}“”‘’《》「」『』【】〔〕、。（）：，；？！]"
ASCII_MARK = "[,:;?!()]"
OFFENCE = re.compile(f"{CHINESE}{ASCII_MARK}|{ASCII_MARK}{CHINESE}")
# A mark quoted on its own (把“,”换成“，”) is named, not used.
QUOTED_MARK = re.compile(f"“{ASCII_MARK}+”")
HAS_HAN = re.compile(f"[{HAN}]")
LATIN_LETTER = re.compile("[A-Za-z]")

REGEX_MODULES = frozenset({"re", "regex"})
PATTERN_PARAMETERS = frozenset({"regex", "pattern"})
PATTERN_NAME = re.compile(r"(?:_RE|_REGEX|_PATTERN)$")
LOGGER_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
QUOTING_KEYWORDS = frozenset({"examples", "example"})
# Modules whose OpenAPI examples are the essays' own text, as the source wrote it.
SOURCE_TEXT_EXAMPLES = frozenset({"essays/schemas.py"})
DESCRIBING_KEYWORDS = frozenset({"description", "summary"})


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def offends(text: str) -> bool:
    return bool(OFFENCE.search(QUOTED_MARK.sub("“”", text)))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def python_files() -> list[Path]:
    files = []
    for top in ("essays", "kb"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            files.append(path)
    return files


def _docstring_node(node: ast.AST) -> ast.Constant | None:
    body = getattr(node, "body", None)
    if not body or not isinstance(body, list):
        return None
    first = body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return first.value
    return None


def _constants(node: ast.AST):
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            yield child


def _names(node: ast.AST, path: Path, imported: set[str]):
    """Names an expression reads: (module, name) for its own module's names,
    (None, name) for a module's constant or an imported name."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield (path, child.id)
            if child.id in imported:
                yield (None, child.id)
        elif isinstance(child, ast.Attribute) and child.attr.isupper():
            yield (None, child.attr)  # a module's constant: patterns.LABEL_CN


def _imported(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def _character_sets(tree: ast.Module) -> set[int]:
    """Constants of marks only (`",、"`, `"[〔【( "`), outside f-strings: sets
    of characters for `in` and `strip`, not text."""
    in_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    return {
        id(constant)
        for constant in _constants(tree)
        if id(constant) not in in_fstrings
        and not HAS_HAN.search(constant.value)
        and not LATIN_LETTER.search(constant.value)
    }


def _is_regex_call(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in REGEX_MODULES
    )


def _is_logger_call(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in LOGGER_METHODS:
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
    return "log" in name.lower()


def _pattern_parameters(tree: ast.Module) -> dict[str, set[int | str]]:
    """This module's functions that take a regular expression: where it goes."""
    found: dict[str, set[int | str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            arguments = [*node.args.posonlyargs, *node.args.args]
            places: set[int | str] = set()
            for index, argument in enumerate(arguments):
                if argument.arg in PATTERN_PARAMETERS:
                    places.update({index, argument.arg})
            for argument in node.args.kwonlyargs:
                if argument.arg in PATTERN_PARAMETERS:
                    places.add(argument.arg)
            if places:
                found[node.name] = places
    return found


def _pattern_arguments(call: ast.Call, functions: dict[str, set[int | str]]):
    """The argument expressions of `call` that are regular expressions."""
    if _is_regex_call(call):
        yield from call.args
        yield from (keyword.value for keyword in call.keywords)
        return
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    places = functions.get(name or "")
    if not places:
        return
    for index, argument in enumerate(call.args):
        if index in places:
            yield argument
    for keyword in call.keywords:
        if keyword.arg in places:
            yield keyword.value


def _assignments(tree: ast.Module):
    """(name, value) for every simple assignment."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    yield target.id, node.value
        elif (
            isinstance(node, ast.AnnAssign | ast.AugAssign)
            and isinstance(node.target, ast.Name)
            and node.value is not None
        ):
            yield node.target.id, node.value


def _is_english(text: str) -> bool:
    return len(LATIN_LETTER.findall(text)) > 2 * len(HAS_HAN.findall(text))


def python_offences(files: list[Path], root: Path = ROOT) -> list[Offence]:
    offences = [
        Offence(str(path.relative_to(root)), constant.lineno, constant.value[:80])
        for path, _, constant in offending_constants(files, root)
    ]
    return sorted(offences, key=lambda offence: (offence.path, offence.line))


def offending_constants(files: list[Path], root: Path = ROOT):
    """(path, tree, constant) for each string that breaks the rule."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    imports = {path: _imported(tree) for path, tree in trees.items()}
    # Names that hold (parts of) regular expressions: a pattern built from
    # `patterns.LABEL_CN` or an imported LABEL_CN makes LABEL_CN a pattern.
    pattern_names: set[tuple[Path | None, str]] = set()
    skipped: dict[Path, set[int]] = {}
    for path, tree in trees.items():
        functions = _pattern_parameters(tree)
        quotes_sources = path.relative_to(root).as_posix() in SOURCE_TEXT_EXAMPLES
        ids = skipped.setdefault(path, _character_sets(tree))
        for node in ast.walk(tree):
            docstring = _docstring_node(node)
            if docstring is not None:
                ids.add(id(docstring))
            if not isinstance(node, ast.Call):
                continue
            for argument in _pattern_arguments(node, functions):
                ids.update(id(constant) for constant in _constants(argument))
                pattern_names.update(_names(argument, path, imports[path]))
            if _is_logger_call(node):
                for argument in [*node.args, *(k.value for k in node.keywords)]:
                    ids.update(id(constant) for constant in _constants(argument))
            for keyword in node.keywords:
                if keyword.arg in QUOTING_KEYWORDS and quotes_sources:
                    ids.update(id(constant) for constant in _constants(keyword.value))
                elif keyword.arg in DESCRIBING_KEYWORDS:
                    ids.update(
                        id(constant)
                        for constant in _constants(keyword.value)
                        if _is_english(constant.value)
                    )
    assignments = [
        (path, name, value)
        for path, tree in trees.items()
        for name, value in _assignments(tree)
    ]

    def is_pattern(path: Path, name: str) -> bool:
        return (
            (path, name) in pattern_names
            or (None, name) in pattern_names
            or bool(PATTERN_NAME.search(name))
        )

    while True:  # follow names into the values that build them
        grown = {
            used
            for path, name, value in assignments
            if is_pattern(path, name)
            for used in _names(value, path, imports[path])
        } - pattern_names
        if not grown:
            break
        pattern_names |= grown
    for path, name, value in assignments:
        if is_pattern(path, name):
            skipped[path].update(id(constant) for constant in _constants(value))

    for path, tree in trees.items():
        docstring = _docstring_node(tree)
        if docstring is not None and docstring.value.startswith("DATA:"):
            continue
        for constant in _constants(tree):
            if id(constant) not in skipped[path] and offends(constant.value):
                yield path, tree, constant


TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<!--.*?-->", re.DOTALL)


TEMPLATE_STRING = re.compile(r'"([^"\n]*)"|\'([^\'\n]*)\'')


def template_offences(root: Path = ROOT) -> list[Offence]:
    offences = []
    for path in sorted((root / "templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        relative = str(path.relative_to(root))
        lines = source.splitlines()

        def offence(at: int, source=source, relative=relative, lines=lines) -> Offence:
            line = source.count("\n", 0, at) + 1
            return Offence(relative, line, lines[line - 1].strip()[:80])

        # Blank out the code, keeping newlines so line numbers stay right.
        text = TEMPLATE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
        for match in OFFENCE.finditer(QUOTED_MARK.sub(_blank, text)):
            offences.append(offence(match.start()))
        # Strings inside the code are shown too: {{ title|default:"（无标题）" }}.
        for code in TEMPLATE_CODE.finditer(source):
            if code.group().startswith(("{#", "<!--")):
                continue
            for literal in TEMPLATE_STRING.finditer(code.group()):
                if offends(literal.group()[1:-1]):
                    offences.append(offence(code.start() + literal.start()))
    return offences


def test_the_guard_sees_an_ascii_mark_next_to_chinese():
    assert offends("导入预览: ")
    assert offends("(最多 4 篇)")
    assert offends("应是“true”)")
    assert not offends("导入预览：2024-01-31T08:00:00+08:00")
    assert not offends("（最多 4 篇）")
    assert not offends("Bearer <令牌>, see https://example.com/a?b=1")
    assert not offends("把“,”换成“，”")


def test_the_guard_skips_patterns_logs_and_examples_but_not_messages(tmp_path):
    (tmp_path / "data.py").write_text('"""DATA: word lists."""\nWORDS = ("来源:",)\n')
    (tmp_path / "essays").mkdir()
    (tmp_path / "essays" / "schemas.py").write_text(
        'x = Field(examples=["第七,"], description="Labels as written (第一, 第二)")\n'
    )
    (tmp_path / "module.py").write_text(
        '''"""Docstring: 可以(随便)写."""
import logging
import re

from data import patterns

logger = logging.getLogger(__name__)
YEAR = "[0-9]{4}年(?:"
LABEL = rf"第(?P<n>{patterns.LABEL_CN})"
TITLE = re.compile(rf"^{LABEL}:{YEAR}")
HEADING_PATTERN = "标题(?P<n>一)"


def _style(name, regex):
    return name


STYLE = _style("ordinal", "其(?P<n>一)")
logger.warning("坏了: %s", 1)
Field(..., examples=["请求内容有误:"], description="有误(中文)")
MESSAGE = "请求内容有误:"
PART = f"共 {1} 篇(含草稿)"
OPEN_ENDINGS = ",、(“"
'''
    )
    offences = python_offences(sorted(tmp_path.rglob("*.py")), tmp_path)
    assert [(o.path, o.line, o.text) for o in offences] == [
        ("module.py", 20, "有误(中文)"),
        ("module.py", 20, "请求内容有误:"),
        ("module.py", 21, "请求内容有误:"),
        ("module.py", 22, " 篇(含草稿)"),
    ]


def test_the_guard_reads_template_text_and_strings_shown_from_tags(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        "{% load i18n %}{# 注释(随便) #}<!-- 注释(随便) -->\n"
        "<h2>警告({{ warnings|length }})</h2>\n"
        '<p title="预览:">{{ title|default:"(无标题)" }}{% url "a:b" %}</p>\n'
        "<p>把“,”换成“，”（好）：{{ date|date:'Y年n月j日 H:i' }}</p>\n"
    )
    assert [(o.line, o.text[:8]) for o in template_offences(tmp_path)] == [
        (2, "<h2>警告({"),  # the mark before the tag; ")" after it touches no Chinese
        (3, "<p title"),  # the attribute's 预览:
        (3, "<p title"),  # default:"(无标题)"
    ]


def test_python_strings_use_chinese_punctuation_in_chinese_text():
    offences = python_offences(python_files())
    assert not offences, "ASCII punctuation inside Chinese text:\n" + "\n".join(
        map(str, offences)
    )


def test_templates_use_chinese_punctuation_in_chinese_text():
    offences = template_offences()
    assert not offences, "ASCII punctuation inside Chinese text:\n" + "\n".join(
        map(str, offences)
    )


# --- Django's own messages ---------------------------------------------------
#
# Django's zh_Hans catalogs write some messages with ASCII marks, and the form
# label suffix is ":" (标题:). essays/locale overrides them.

LOCALE = ROOT / "essays" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_the_compiled_overrides_match_their_source():
    import gettext

    from babel.messages.pofile import read_po

    with (LOCALE / "django.po").open("rb") as file:
        source = {
            message.id: message.string
            for message in read_po(file)
            if message.id and message.string
        }
    with (LOCALE / "django.mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    assert source, "no overrides"
    for key, value in source.items():
        if isinstance(key, tuple):  # singular and plural, one Chinese form
            assert compiled.ngettext(key[0], key[1], 1) == value[0]
        else:
            assert compiled.gettext(key) == value
        for text in value if isinstance(value, tuple) else (value,):
            assert not offends(text), text


def test_form_labels_end_with_a_chinese_colon():
    from django import forms

    class Form(forms.Form):
        title = forms.CharField(label="标题")

    assert Form()["title"].label_tag() == '<label for="id_title">标题：</label>'


def test_django_messages_use_chinese_punctuation():
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxLengthValidator

    try:
        MaxLengthValidator(2)("三个字")
    except ValidationError as error:
        (message,) = error.messages
    assert message == "确保该变量包含不超过 2 字符（目前字符数 3）。"


def test_admin_messages_use_chinese_punctuation():
    from django.utils.translation import gettext

    assert gettext("Server error (500)") == "服务器错误（500）"
    assert (
        gettext("Sorting priority: %(priority_number)s")
        == "排序优先级：%(priority_number)s"
    )
