"""Did you mean: close terms from the index's vocabulary.

For a part that finds nothing: tokens with the same pinyin (群中工作 ->
群众工作, 统站 -> 统战), then tokens one character off. A suggestion is only
made if the query with it finds something.
"""

from django.db.models import Q

from essays.search.indexing import pinyin
from essays.search.models import Term

MAX_CANDIDATES = 8


def candidates(part: str) -> list[str]:
    same_sound = Term.objects.filter(pinyin=pinyin(part), length=len(part))
    found = list(
        same_sound.exclude(token=part).values_list("token", flat=True)[:MAX_CANDIDATES]
    )
    if len(part) > 1:
        one_off = Q()
        for index in range(len(part)):
            one_off |= Q(
                token__startswith=part[:index], token__endswith=part[index + 1 :]
            )
        others = (
            Term.objects.filter(one_off, length=len(part))
            .exclude(token=part)
            .values_list("token", flat=True)[:MAX_CANDIDATES]
        )
        found += [token for token in others if token not in found]
    return found
