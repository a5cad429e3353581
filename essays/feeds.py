"""Atom feed of newly published essays."""

import re
from collections.abc import Iterable, Iterator

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from essays import selectors, typography
from essays.models import Essay

# A salutation is a short line that ends with a colon and opens a speech:
# `同志们:`, `各位领导、同志们：`, `尊敬的各位来宾:`.
SALUTATION = re.compile(r"^[^。！？!?；;，,]{1,16}[:：]$")
# A date line is only a date, as written or as a template: `20xx年5月`,
# `(2010年4月20日)`, `二○○九年三月`, `2023年5月6日`, `2023-05-06`.
YEAR = r"[0-9０-９xX×〇○零一二三四五六七八九]{2,4}"
NUMBER = r"[0-9０-９xX×一二三四五六七八九十]{1,3}"
DATE_LINE = re.compile(
    rf"^[(（]?\s*(?:{YEAR}年(?:{NUMBER}月(?:{NUMBER}[日号])?)?"
    r"|\d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?)\s*[)）]?$"
)
SUMMARY_LENGTH = 120
SHORTEST_SENTENCE = 12  # a shorter first sentence takes the next ones with it


def is_meaningful(line: str) -> bool:
    """Text a reader can take as a summary, not a salutation or a date."""
    line = line.strip()
    return bool(
        typography.HAN.search(line)
        and not SALUTATION.match(line)
        and not DATE_LINE.match(line)
    )


def summary(paragraphs: Iterable[str]) -> str:
    """The first meaningful sentence (with the next ones if it is very short)."""
    for paragraph in paragraphs:
        paragraph = paragraph.strip()
        if not is_meaningful(paragraph):
            continue
        sentences = [s for s in typography.SENTENCE_END.split(paragraph) if s]
        text = ""
        for sentence in sentences:
            text += sentence
            if len(text) >= SHORTEST_SENTENCE:
                break
        return typography.clip(text, SUMMARY_LENGTH)
    return ""


def essay_text(essay: Essay) -> Iterator[str]:
    """An essay's paragraphs in reading order, read only as far as needed."""
    yield from essay.lead_paragraphs()
    for section in essay.sections.order_by("position"):
        yield section.title
        yield from section.body_paragraphs()
        for point in section.points.filter(parent=None).order_by("position")[:3]:
            yield point.title
            yield from point.body_paragraphs()
    yield from essay.closing_paragraphs()


class NewEssaysFeed(Feed):
    feed_type = Atom1Feed
    title = "基层工作知识库 · 新文章"
    link = "/essays/"
    subtitle = "新发布的讲话与经验材料"

    def items(self):
        return selectors.recent_essays()

    def item_title(self, item: Essay) -> str:
        return shown(item, item.title)

    def item_description(self, item: Essay) -> str:
        # Most leads open with a meaningful sentence: only essays whose lead
        # is a salutation, a date or nothing read further (one query a level).
        return shown(item, summary(essay_text(item)) or item.collection.title)

    def item_pubdate(self, item: Essay):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Essay):
        return item.updated_at


def shown(essay: Essay, text: str) -> str:
    """`text` as the essay's pages show it (display typography unless off)."""
    return typography.typeset_text(text) if essay.typography else text
