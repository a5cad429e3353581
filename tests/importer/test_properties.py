"""Properties of parse(): contract JSON or ImportFailed, round trips, no Han lost."""

import re
from collections import Counter

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from essays.importer import parse
from essays.importer.errors import ImportFailed
from essays.importer.render import document_json

HAN = re.compile(r"[\u4e00-\u9fff]")
# Modest counts keep the suite fast; database=None writes nothing into the repo.
FAST = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Characters that make structure: numerals, label marks, markers, full stops.
STRUCTURE = (
    "一二三四五六七八九十第部分条是要其篇(（)）【】:：,，、.。;；!?？"
    "总之综上所述1234567890 \n"
)
WORDS = "党建工作学习组织群众干部制度发展改革服务基层领导能力水平质量创新"


def check_contract_shape(document: dict) -> None:
    assert set(document) == {"source", "essays", "warnings"}
    assert set(document["source"]) == {"path", "title", "published_at", "sha256"}
    for essay in document["essays"]:
        assert set(essay) == {"title", "date", "body", "nodes", "closing"}
        assert all(isinstance(p, str) and p for p in essay["body"] + essay["closing"])
        stack = [(node, True) for node in essay["nodes"]]
        while stack:
            node, top = stack.pop()
            assert set(node) == {"kind", "label", "number", "title", "body", "children"}
            assert node["kind"] == ("section" if top else "point")
            assert (node["number"] is None) == (node["label"] == "")
            assert node["number"] is None or node["number"] >= 1
            stack += [(child, False) for child in node["children"]]


def parse_or_refuse(raw: bytes) -> None:
    try:
        document = parse(raw, path="x.txt")
    except ImportFailed as error:
        assert str(error)
        return
    check_contract_shape(document_json(document))


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_give_contract_json_or_import_failed(raw):
    parse_or_refuse(raw)


@FAST
@given(st.text(max_size=300))
def test_any_text_gives_contract_json_or_import_failed(text):
    parse_or_refuse(text.encode("utf-8"))


@settings(max_examples=150, deadline=None, database=None)
@given(st.text(alphabet=STRUCTURE + WORDS, max_size=400))
def test_structured_noise_gives_contract_json_or_import_failed(text):
    parse_or_refuse(text.encode("utf-8"))


# --- round trips --------------------------------------------------------------

phrase = st.text(alphabet=WORDS, min_size=2, max_size=12)
sentence = phrase.map(lambda text: text + "。")
paragraph = st.lists(sentence, min_size=1, max_size=3).map("".join)
CN = "一二三四五六七八九十"


@st.composite
def trees(draw):
    """A tree of sections, points and sub-points, as (title, body, children)."""

    def items(depth):
        size = draw(st.integers(min_value=1 if depth < 2 else 0, max_value=4))
        return [
            (
                draw(sentence if depth else phrase),
                draw(st.lists(paragraph, max_size=2)),
                items(depth + 1) if depth < 2 else [],
            )
            for _ in range(size)
        ]

    return draw(phrase), draw(st.lists(paragraph, max_size=2)), items(0)


LABELS = (lambda n: f"{CN[n - 1]}、", lambda n: f"({CN[n - 1]})", lambda n: f"{n}.")


def canonical_text(tree) -> str:
    """A title line, then `label、title` lines with their body paragraphs."""
    title, lead, sections = tree
    lines = [title, *lead]

    def write(items, depth):
        for number, (item_title, body, children) in enumerate(items, 1):
            lines.append(LABELS[depth](number) + item_title)
            lines.extend(body)
            write(children, depth + 1)

    write(sections, 0)
    return "\n".join(lines)


def expected_outline(items, prefix=()):
    rows = []
    for number, (title, _, children) in enumerate(items, 1):
        rows.append(((*prefix, number), title))
        rows += expected_outline(children, (*prefix, number))
    return rows


def parsed_outline(nodes, prefix=()):
    rows = []
    for node in nodes:
        path = (*prefix, node.number)
        rows.append((path, node.title))
        rows += parsed_outline(node.children, path)
    return rows


@FAST
@given(trees())
def test_canonical_text_parses_back_to_the_same_paths_and_titles(tree):
    (essay,) = parse(canonical_text(tree).encode("utf-8")).essays
    assert essay.title == tree[0]
    assert parsed_outline(essay.nodes) == expected_outline(tree[2])


def essay_han(essay) -> Counter:
    parts = [essay.title, *essay.body, *essay.closing]
    stack = list(essay.nodes)
    while stack:
        node = stack.pop()
        parts += [node.label.text if node.label else "", node.title, *node.body]
        stack += node.children
    return Counter(HAN.findall("".join(parts)))


@FAST
@given(trees())
# The title as a whole sentence of the lead is no glued start (§5.2).
@example(tree=("习习习习", ["习习习习。"], [("习习", [], [("习习。", [], [])])]))
def test_no_han_character_is_lost_or_doubled(tree):
    title, lead, _ = tree
    # A lead that runs straight on from the title is the title printed glued
    # to it (import contract §5.2): the one place the title is dropped.
    assume(not (lead and lead[0].startswith(title) and lead[0][len(title)] != "。"))
    text = canonical_text(tree)
    (essay,) = parse(text.encode("utf-8")).essays
    assert essay_han(essay) == Counter(HAN.findall(text))


@FAST
@given(
    st.lists(
        st.one_of(
            paragraph,
            st.sampled_from(
                ["一、党建", "(一)学习。", "1.组织。", "一是干部。二是群众。"]
            ),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_no_han_character_is_lost_or_doubled_in_any_arrangement(paragraphs):
    text = "\n".join(["标题", *paragraphs])
    (essay,) = parse(text.encode("utf-8")).essays
    assert essay_han(essay) == Counter(HAN.findall(text))
