"""The search dictionary: domain terms jieba keeps whole.

Three sources, all data: the topic vocabulary (essays/topics.txt, loaded by
segment.tokenizer()), the shipped terms below (seeded into the table by a
migration) and the editors' rows (DictionaryTerm, editable in the admin).
Each term is added in its normalized form too, so 統戰工作 and 四个意识
(normalized 4个意识) stay whole after normalization.
"""

from essays.search import segment
from essays.search.normalize import normalize

# Seeded into DictionaryTerm by migration 0002; editors add more in the admin.
SHIPPED_TERMS = (
    "统战工作",
    "统一战线",
    "三会一课",
    "一岗双责",
    "党风廉政",
    "党风廉政建设",
    "群众工作",
    "群众路线",
    "主题党日",
    "两学一做",
    "三严三实",
    "四个意识",
    "四风",
    "一把手",
    "民主评议",
    "组织生活会",
    "民主生活会",
    "谈心谈话",
    "网格化管理",
    "思想政治工作",
    "基层党建",
    "职工思想",
    "党员干部",
    "为民办实事",
)

_loaded = False


def terms(words) -> list[str]:
    """`words` and their normalized forms, each once."""
    return list(
        dict.fromkeys(form for word in words for form in (word, normalize(word)))
    )


def load() -> None:
    """Add the shipped and the editors' terms to jieba (once per process)."""
    global _loaded
    if _loaded:
        return
    from essays.search.models import DictionaryTerm

    editors = DictionaryTerm.objects.values_list("word", flat=True)
    segment.add_words(terms([*SHIPPED_TERMS, *editors]))
    _loaded = True


def add(word: str) -> None:
    """One new term, effective at once in this process."""
    segment.add_words(terms([word]))
