"""The topic page's points, by section and run, built in Python (issue 11).

{% load topic_page %}
{% topic_sections group %}   an essay's sections on the page, with their runs

A topic page lists a hundred points in some sixty sections and seventy runs
(essays/topic_pages.py); as template loops they were most of its render
time: a dozen variable lookups, filters and tags each, through the template
engine. The markup, its whitespace and the typography are those loops',
unchanged (the `typeset`, `typeset_label`, `clip` and `section_heading`
filters' own code): tests/test_topic_render.py renders the loops as they
were and compares.
"""

import html

from django import template
from django.utils.safestring import mark_safe

from essays import typography
from essays.templatetags.typography import typeset_value

register = template.Library()


@register.simple_tag(takes_context=True)
def topic_sections(context, group):
    """Each section's heading, then its runs: a parent, the points, the others."""
    shown = Shown(group.essay, autoescape=context.autoescape)
    pieces = []
    for part in group.sections:
        section = part.section
        heading = shown.text(typography.section_heading(section, []))
        pieces.append(
            f'\n    <h4 class="group-section"><a href="{shown.url(part.original)}">'
            f"{shown.label(section.label)}{heading}</a></h4>\n    "
        )
        pieces.extend(run_html(run, shown) for run in part.runs)
        pieces.append("\n    ")
    return mark_safe("".join(pieces))


def run_html(run, shown: "Shown") -> str:
    parent = ""
    if run.parent and not run.parent_shown:
        title = shown.text(typography.clip(run.parent.title or "", 40))
        parent = (
            '<p class="run-parent"><span class="context-mark">上级要点：</span>'
            f'<a href="{shown.url(run.parent_url)}">'
            f"{shown.label(run.parent.label)}{title}</a></p>"
        )
    items = "".join(
        f'<li><a href="{shown.url(url)}">'
        f"{shown.label(point.label)}{shown.text(point.title)}</a></li>"
        for point, url in zip(run.points, run.urls, strict=True)
    )
    others = ""
    if run.others:
        others = (
            f'<p class="run-others">同级另有{len(run.others)}条未涉及本主题：'
            f"{shown.text(run.others_named)}。"
            f'<a href="{shown.url(run.original)}">见原文</a></p>'
        )
    return (
        f'\n    <div class="run{" sub" if run.parent else ""}">\n      {parent}'
        f'\n      <ul class="point-list">\n        {items}\n      </ul>'
        f"\n      {others}\n    </div>\n    "
    )


class Shown:
    """Strings as the filters show them in one essay: escaped, typeset or not."""

    def __init__(self, essay, *, autoescape: bool):
        self.essay = essay
        self.autoescape = autoescape

    def text(self, value) -> str:
        """`{{ value|typeset:essay }}`."""
        return typeset_value(
            value, self.essay, autoescape=self.autoescape, then_chinese=False
        )

    def label(self, value) -> str:
        """`<span class="label">{{ value|typeset_label:essay }}</span>` if any."""
        if not value:
            return ""
        label = typeset_value(
            value, self.essay, autoescape=self.autoescape, then_chinese=True
        )
        return f'<span class="label">{label}</span>'

    def url(self, value: str) -> str:
        """`{{ value }}` in an attribute."""
        return html.escape(value) if self.autoescape else value
