"""A section's category (类别), inferred from its title (design.md's table)."""

from functools import cache

from essays.models import Section

# First match wins, in this order: "注意什么问题" is a caution, not a problem.
CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Section.Category.SUGGESTIONS, ("建议", "对策", "措施", "意见")),
    (Section.Category.CAUTIONS, ("注意",)),
    (Section.Category.CAUSES, ("原因",)),
    (Section.Category.PROBLEMS, ("问题", "不足", "困难")),
    (Section.Category.DUTIES, ("做什么", "职责", "管什么")),
    (Section.Category.METHODS, ("怎么做", "如何", "方法", "做好", "途径")),
    (Section.Category.FEATURES, ("特点",)),
    (Section.Category.STATUS, ("现状", "情况", "变化", "成效")),
    (Section.Category.PRACTICES, ("初探", "实践", "经验", "做法")),
)


@cache
def _to_simplified():
    """OpenCC's traditional-to-simplified converter, loaded once."""
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """`text` with traditional characters read as simplified (問題 -> 问题)."""
    return _to_simplified().convert(text)


def infer_category(title: str) -> str:
    """The category whose words first appear in `title`; `other` if none do.

    Headings copied from traditional-character sites (存在的主要問題,
    加強工作的對策) are read as their simplified forms first (issue 15).
    """
    title = simplified(title)
    for category, words in CATEGORY_WORDS:
        if any(word in title for word in words):
            return category
    return Section.Category.OTHER
