"""essays/duplicates/text.py: what of an essay is compared."""

import dataclasses

import pytest

from essays.duplicates.text import essay_text, normalise
from essays.importer.nodes import Label, Node, ParsedEssay


@pytest.mark.parametrize(
    ("written", "compared"),
    [
        ("一、要管大事。", "一要管大事"),
        ("（一）要管 大事！", "一要管大事"),  # full-width brackets and spacing
        ("第１条:ＡＢＣ", "第1条abc"),  # full-width digits and letters fold
        ("“三个有利于”的标准", "三个有利于的标准"),
        ("\n\t 　", ""),
    ],
)
def test_normalise_keeps_letters_and_digits_only(written, compared):
    assert normalise(written) == compared


def essay(title: str = "标题") -> ParsedEssay:
    point = Node("point", Label("1", 1, "arabic", "、"), "管作风", ("要正派。",))
    section = Node(
        "section", Label("第一部分", 1, "part", ":"), "做什么", ("导语。",), (point,)
    )
    return ParsedEssay(
        title=title, body=("开头。",), nodes=(section,), closing=("结尾。",)
    )


def test_essay_text_reads_lead_labels_titles_bodies_and_closing_in_order():
    assert essay_text(essay()) == "开头第一部分做什么导语1管作风要正派结尾"


def test_essay_text_leaves_the_title_out():
    assert essay_text(essay("甲")) == essay_text(essay("乙"))


def test_an_essay_without_content_has_empty_text():
    assert essay_text(dataclasses.replace(essay(), body=(), nodes=(), closing=())) == ""


def test_a_stored_essay_reads_as_its_parse(reference, reference_parse):
    from essays.duplicates.index import stored_essay_text

    stored = list(reference.essays.order_by("position"))
    assert len(stored) == len(reference_parse.essays) == 5
    for row, parsed in zip(stored, reference_parse.essays, strict=True):
        assert stored_essay_text(row) == essay_text(parsed)
