"""Template filters for display typography (essays/typography.py has the rules).

{% load typography %}
{{ paragraph|typeset:essay }}          an essay's text; off if the essay says so
{{ point.label|typeset_label:essay }}  a label, read as followed by its title
{{ title|clip:40|typeset:essay }}      cut with ……, then typeset
{{ hit.snippet_html|typeset:hit.essay }}  HTML already safe: <mark> survives
"""

import html

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from essays import typography
from essays.selectors import SectionNode

register = template.Library()


def is_on(setting) -> bool:
    """An essay (its `typography` field), a boolean, or nothing (on)."""
    if setting is None or setting == "":
        return True
    return bool(getattr(setting, "typography", setting))


def typeset_value(value, setting, *, autoescape: bool, then_chinese: bool):
    if value is None:
        return ""
    is_safe = isinstance(value, SafeData)
    if autoescape and not is_safe:
        # Plain text (nearly every call) without conditional_escape's lazy-string
        # wrapper: a topic page typesets 400 strings; the escaping is the same.
        plain = type(value) is str
        value = html.escape(value) if plain else conditional_escape(value)
        is_safe = True
    value = str(value)
    if is_on(setting):
        value = typography.typeset_html(value, then_chinese=then_chinese)
    return mark_safe(value) if is_safe else value


@register.filter(needs_autoescape=True)
def typeset(value, setting=None, autoescape=True):
    """Chinese punctuation inside Chinese text; escapes plain text first."""
    return typeset_value(value, setting, autoescape=autoescape, then_chinese=False)


@register.filter(needs_autoescape=True)
def typeset_label(value, setting=None, autoescape=True):
    """A label's marks full-width (`(2)` -> `（2）`): its title follows it."""
    return typeset_value(value, setting, autoescape=autoescape, then_chinese=True)


@register.filter
def clip(value, length):
    """Like truncatechars, but cut with the Chinese ellipsis `……`."""
    if isinstance(value, SafeData):  # cutting markup could split a tag
        return value
    try:
        length = int(length)
    except (TypeError, ValueError):
        return value
    return typography.clip(str(value or ""), length)


@register.filter
def section_heading(value) -> str:
    """A section's title, or words of its own when it has none (never a placeholder).

    Takes a SectionNode (whose points can name it) or a Section.
    """
    if isinstance(value, SectionNode):
        titles = [node.point.title for node in value.points]
        return typography.section_heading(value.section, titles)
    return typography.section_heading(value, [])
