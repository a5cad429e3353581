"""Section categories from headings, simplified and traditional alike."""

import pytest

from essays.categories import CATEGORY_WORDS, infer_category
from essays.models import Section

Category = Section.Category

# One heading per category as a traditional-character site prints it, beside
# the simplified heading it stands for (issue 15: 存在的主要問題 read as 其他).
TRADITIONAL = [
    ("加強工作的對策", "加强工作的对策", Category.SUGGESTIONS),
    ("幾點建議", "几点建议", Category.SUGGESTIONS),
    ("需要注意的幾個問題", "需要注意的几个问题", Category.CAUTIONS),
    ("問題產生的原因", "问题产生的原因", Category.CAUSES),
    ("存在的主要問題", "存在的主要问题", Category.PROBLEMS),
    ("工作中的困難與不足", "工作中的困难与不足", Category.PROBLEMS),
    ("基層書記的職責", "基层书记的职责", Category.DUTIES),
    ("應該怎麼做", "应该怎么做", Category.METHODS),
    ("如何做好群眾工作", "如何做好群众工作", Category.METHODS),
    ("新時期統戰工作的特點", "新时期统战工作的特点", Category.FEATURES),
    ("當前工作的現狀", "当前工作的现状", Category.STATUS),
    ("社區黨建的實踐與經驗", "社区党建的实践与经验", Category.PRACTICES),
    ("關於黨員發展", "关于党员发展", Category.OTHER),
]


@pytest.mark.parametrize(("traditional", "simplified", "category"), TRADITIONAL)
def test_a_traditional_heading_gets_its_simplified_category(
    traditional, simplified, category
):
    assert traditional != simplified  # the row really is written traditionally
    assert infer_category(simplified) == category
    assert infer_category(traditional) == category


def test_every_category_has_a_traditional_heading_above():
    covered = {category for _, _, category in TRADITIONAL}
    assert {category for category, _ in CATEGORY_WORDS} | {Category.OTHER} <= covered


def test_the_first_matching_category_still_wins_in_traditional():
    # 注意 comes before 問題: a caution about problems is a caution.
    assert infer_category("應當注意甚麼問題") == Category.CAUTIONS
