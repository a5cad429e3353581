"""The editors' word lists, kept in the database, beside the importer's own.

Editors add watermark words, furniture phrases, heading cuts and words of the
importer's other lists in the admin (`WatermarkWord`, one row an entry),
for every document or for one source site. `editor_rules(site)` hands
everyone's entries and that site's to `parse(rules=…)`; every addition is a
revision naming its actor and channel.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Q

from essays.importer import EditorRules
from essays.models import WatermarkWord
from essays.services import recording
from essays.services.recording import ADMIN, Channel

Kind = WatermarkWord.Kind
MAX_WORD = WatermarkWord._meta.get_field("word").max_length


def editor_words() -> list[str]:
    """The watermark words editors added for every document."""
    return list(
        WatermarkWord.objects.filter(kind=Kind.WATERMARKS, site="").values_list(
            "word", flat=True
        )
    )


def editor_rules(site: str = "") -> EditorRules:
    """Everyone's additions to the word lists and `site`'s, for parse(rules=…)."""
    scope = Q(site="") | Q(site=site) if site else Q(site="")
    lists: dict[str, list[str]] = defaultdict(list)
    for kind, word in WatermarkWord.objects.filter(scope).values_list("kind", "word"):
        lists[kind].append(word)
    return EditorRules(
        watermarks=lists.pop(Kind.WATERMARKS, ()),
        furniture=lists.pop(Kind.FURNITURE, ()),
        heading_cuts=lists.pop(Kind.HEADING_CUTS, ()),
        word_lists=lists,
    )


def split_words(text: str) -> list[str]:
    """The words of `text`: one a line, or separated by commas."""
    return [
        word.strip()
        for line in text.splitlines()
        for word in line.replace(",", ",").split(",")
        if word.strip()
    ]


@transaction.atomic
def add_entries(
    words: list[str],
    *,
    kind: str = Kind.WATERMARKS,
    site: str = "",
    note: str = "",
    actor=None,
    channel: Channel = ADMIN,
) -> list[str]:
    """Store the entries of `words` not yet in list `kind` for `site`.

    Returns the words added. One revision names the actor and the channel.
    """
    kind = Kind(kind)
    site = site.strip()
    words = [word.strip()[:MAX_WORD] for word in words if word.strip()]
    known = set(
        WatermarkWord.objects.filter(kind=kind, site=site, word__in=words).values_list(
            "word", flat=True
        )
    )
    new = [word for word in dict.fromkeys(words) if word not in known]
    if not new:
        return []
    where = f"（{site}）" if site else "（所有网站）"
    comment = f"添加到{kind.label}{where}:{'、'.join(new)}"
    with recording.revision(actor=actor, channel=channel, comment=comment):
        for word in new:  # one save each: reversion records saves, not bulk inserts
            WatermarkWord.objects.create(
                kind=kind,
                word=word,
                site=site,
                note=note,
                added_by=recording.acting_user(actor),
            )
    return new


def add_words(
    text: str, *, note: str = "", site: str = "", actor=None, channel=ADMIN
) -> list[str]:
    """Store each new watermark word of `text` (one a line, or comma-separated)."""
    return add_entries(
        split_words(text), site=site, note=note, actor=actor, channel=channel
    )
