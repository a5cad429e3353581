"""Pinyin slugs for essays and topics: ASCII, at most 60 characters, stable.

统战工作 -> tong-zhan-gong-zuo. A collision gets `-2`, `-3`…; a slug is made
once and never recomputed, so links to it last (design.md, Domain model).
"""

from collections.abc import Callable

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

MAX_LENGTH = 60


def pinyin_slug(
    text: str, *, max_length: int = MAX_LENGTH, fallback: str = "item"
) -> str:
    """The ASCII pinyin slug of `text`, cut at a word boundary to `max_length`."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    slug = slugify(" ".join(syllables))  # NFKD + ASCII: drops what has no spelling
    if len(slug) > max_length:
        slug = (
            slug[:max_length].rsplit("-", 1)[0]
            if "-" in slug[:max_length]
            else slug[:max_length]
        )
    return slug.strip("-") or fallback


def with_suffix(slug: str, number: int, *, max_length: int = MAX_LENGTH) -> str:
    """`slug` with `-number` appended, the base shortened so the whole fits."""
    suffix = f"-{number}"
    return slug[: max_length - len(suffix)].rstrip("-") + suffix


def unique_slug(
    text: str,
    *,
    is_taken: Callable[[str], bool],
    fallback: str = "item",
    max_length: int = MAX_LENGTH,
) -> str:
    """A pinyin slug for `text` that `is_taken` does not report as used."""
    base = pinyin_slug(text, max_length=max_length, fallback=fallback)
    slug, number = base, 1
    while is_taken(slug):
        number += 1
        slug = with_suffix(base, number, max_length=max_length)
    return slug
