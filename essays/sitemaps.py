"""sitemap.xml: the home page, indexes, essays and topics readers can see."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from essays import selectors
from essays.models import Section


class EssaySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return selectors.visible_essays().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.topics_with_counts().order_by("slug")


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        pages = ["essays:home", "essays:essay_list", "essays:topic_list"]
        return pages + [f"guidance:{category}" for category in Section.Category.values]

    def location(self, item: str) -> str:
        if item.startswith("guidance:"):
            return reverse("essays:guidance", args=[item.split(":", 1)[1]])
        return reverse(item)


class PointSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return selectors.sitemap_points()


SITEMAPS = {
    "pages": PageSitemap,
    "essays": EssaySitemap,
    "topics": TopicSitemap,
    "points": PointSitemap,
}
