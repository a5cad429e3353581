"""What a document says about itself: its site's name and its upload time.

Both are read from the page's furniture before clean() removes it: the site's
name from a `简介:` blurb or a `来源:` line naming a document site, the upload
time from a `时间:`/`发布时间:`/`上传时间:`… line.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from essays.importer import patterns
from essays.importer.nodes import Source


@dataclass(frozen=True, slots=True)
class Meta:
    """The site's name and the upload time, as the page's furniture gives them."""

    site: str = ""
    published_at: datetime.datetime | None = None


def read_meta(text: str) -> Meta:
    """The first site name and upload time found in the text's lines."""
    site, published_at = "", None
    for line in text.split("\n"):
        folded = patterns.fold(line.strip())
        if not site:
            site = site_name(line.strip(), folded)
        if published_at is None and _is_upload_line(folded):
            published_at = upload_time(folded)
        if site and published_at is not None:
            break
    return Meta(site, published_at)


def _is_upload_line(folded: str) -> bool:
    return bool(
        patterns.UPLOAD_LINE.search(folded) or patterns.UPLOAD_FIELD.search(folded)
    )


def site_name(line: str, folded: str | None = None) -> str:
    """The document site a blurb or a 来源 line names, or ""."""
    folded = patterns.fold(line) if folded is None else folded
    for pattern in (patterns.BLURB_SITE, patterns.SOURCE_SITE):
        match = pattern.match(folded)
        if match and match.group("site") not in patterns.NOT_SITE_NAMES:
            return line[match.start("site") : match.end("site")]
    return ""


def upload_time(folded: str) -> datetime.datetime | None:
    """The timestamp on an upload line: 2019-05-12 06:02:46 -> a datetime."""
    field = patterns.UPLOAD_FIELD.search(folded)
    match = patterns.TIMESTAMP.search(folded, field.end() if field else 0)
    if not match:
        return None
    parts = [int(match.group(name) or 0) for name in patterns.TIMESTAMP.groupindex]
    try:
        return datetime.datetime(*parts)
    except ValueError:
        return None


def make_source(raw: bytes, path: str, title: str, meta: Meta) -> Source:
    """The document's Source: title, site, upload time and the raw bytes' hash."""
    return Source(
        path=path,
        title=title,
        sha256=hashlib.sha256(raw).hexdigest(),
        site=meta.site,
        published_at=meta.published_at,
    )
