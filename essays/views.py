"""Public pages. Reads go through selectors; views only parse and render."""

import logging

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from essays import pagecache, search, selectors, topic_pages
from essays.models import Section

logger = logging.getLogger(__name__)

CATEGORIES = dict(Section.Category.choices)
RESULTS_PER_PAGE = 20
ESSAYS_PER_PAGE = 30


def home(request: HttpRequest) -> HttpResponse:
    """Collections, recent essays, the main topics, guidance by category."""
    context = selectors.home_page()
    context["category_links"] = category_links(context.pop("categories"))
    return render(request, "essays/home.html", context)


def category_links(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [
        (key, name, counts[key]) for key, name in CATEGORIES.items() if counts.get(key)
    ]


def essay_list(request: HttpRequest) -> HttpResponse:
    """Published essays, filtered by topic, category or collection."""
    topic, category = request.GET.get("topic", ""), request.GET.get("category", "")
    collection = request.GET.get("collection", "")
    if category and category not in CATEGORIES:
        raise Http404("no such category")
    # A topic or collection only drafts use is as unknown as a made-up one
    # (404 both), so ids and names of unpublished work cannot be probed.
    chosen = {
        "topic": selectors.visible_topic(topic) if topic else None,
        "category": category,
        "category_name": CATEGORIES.get(category, ""),
        "collection": (
            selectors.visible_collection(collection) if collection.isdigit() else None
        ),
    }
    essays = selectors.essay_list(
        topic=topic, category=category, collection=chosen["collection"] and collection
    )
    essays = selectors.with_tree_counts(essays)
    page = Paginator(essays, ESSAYS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "topics": selectors.public_topic_counts(),
        "categories": CATEGORIES,
        "chosen": chosen,
    }
    return render(request, "essays/essay_list.html", context)


def essay_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An essay with its outline; drafts only for staff."""
    tree = selectors.page_tree(slug, include_drafts=request.user.is_staff)
    pagecache.shows_essays(request, [tree.essay.pk])
    return render(
        request, "essays/essay_detail.html", {"tree": tree, "essay": tree.essay}
    )


def point_detail(request: HttpRequest, point_id: int) -> HttpResponse:
    """One point: permalink, breadcrumb, sub-points, neighbours, related points."""
    page = selectors.point_page(point_id, include_drafts=request.user.is_staff)
    # Its essay's tree and the related points' essays (their titles).
    shown = [page.point.essay_id, *(point.essay_id for point in page.related)]
    pagecache.shows_essays(request, shown)
    context = {"page": page, "point": page.point, "essay": page.point.essay}
    return render(request, "essays/point_detail.html", context)


def topic_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "essays/topic_list.html", {"topics": selectors.public_topic_counts()}
    )


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic's essays, and its points grouped by essay and section."""
    page = topic_pages.topic_page(slug, request.GET.get("page"))
    # What it shows beyond the topic's structure (which points and essays
    # hold it, in which order, how many): the titles and trees of the essays
    # listed on this page, whose counters keep its cached copy.
    shown = [essay.pk for essay in page.essays]
    pagecache.shows_essays(request, shown + [group.essay.pk for group in page.groups])
    return render(request, "essays/topic_detail.html", {"page": page})


def guidance(request: HttpRequest, category: str) -> HttpResponse:
    """Sections of one category (all 建议, all 问题…) across essays."""
    if category not in CATEGORIES:
        raise Http404("no such category")
    sections, page = selectors.guidance_page(category, request.GET.get("page"))
    context = {
        "category": category,
        "category_name": CATEGORIES[category],
        "sections": sections,
        "page": page,
        "category_links": category_links(selectors.category_counts()),
    }
    return render(request, "essays/guidance.html", context)


def compare(request: HttpRequest) -> HttpResponse:
    """The point lists of chosen essays side by side."""
    # `essays=a,b` is the shareable form; the picker without JavaScript sends `pick`.
    slugs = request.GET.getlist("pick") or request.GET.get("essays", "").split(",")
    slugs = [slug.strip() for slug in slugs if slug.strip()]
    trees = selectors.compare(slugs)
    choices = selectors.compare_choices()
    context = {
        "trees": trees,
        "choices": choices,
        "chosen": [t.essay.slug for t in trees],
    }
    return render(request, "essays/compare.html", context)


def search_view(request: HttpRequest) -> HttpResponse:
    """Hits for a Chinese query grouped by essay, counts per kind, suggestions."""
    chosen = {
        name: request.GET.get(name, "").strip()
        for name in ("kind", "topic", "category", "collection", "essay")
    }
    if not chosen["collection"].isdigit():
        chosen["collection"] = ""
    page = request.GET.get("page", "1")
    results = search.search(
        request.GET.get("q", ""),
        **{name: value or None for name, value in chosen.items()},
        page=int(page) if page.isdigit() else 1,
        per_page=RESULTS_PER_PAGE,
    )
    selectors.place_points(hit.point for hit in results.hits if hit.point)
    context = {"results": results, "query": results.query, "page": results.page}
    context |= {"chosen": chosen, "categories": CATEGORIES}
    context["topics"] = selectors.public_topic_counts()
    return render(request, "essays/search.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors, no queries: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
