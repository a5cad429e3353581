"""Atom feed of newly published essays."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from essays import selectors
from essays.models import Essay


class NewEssaysFeed(Feed):
    feed_type = Atom1Feed
    title = "基层工作知识库 · 新文章"
    link = "/essays/"
    subtitle = "新发布的讲话与经验材料"

    def items(self):
        return selectors.recent_essays()

    def item_title(self, item: Essay) -> str:
        return item.title

    def item_description(self, item: Essay) -> str:
        lead = item.lead_paragraphs()
        return lead[0] if lead else item.collection.title

    def item_pubdate(self, item: Essay):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Essay):
        return item.updated_at
