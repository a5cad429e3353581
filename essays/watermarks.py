"""The editors' word lists, kept in the database, beside the importer's own."""

from essays.importer import EditorRules
from essays.models import WatermarkWord


def editor_words() -> list[str]:
    """The watermark words editors added in the admin."""
    return list(WatermarkWord.objects.values_list("word", flat=True))


def editor_rules() -> EditorRules:
    """Everything editors added to the word lists, for parse(rules=…)."""
    return EditorRules(watermarks=editor_words())


def add_words(text: str, *, note: str = "") -> list[str]:
    """Store each new word of `text` (one a line, or separated by commas)."""
    words = [
        word.strip()
        for line in text.splitlines()
        for word in line.replace(",", ",").split(",")
        if word.strip()
    ]
    known = set(
        WatermarkWord.objects.filter(word__in=words).values_list("word", flat=True)
    )
    new = [word for word in dict.fromkeys(words) if word not in known]
    WatermarkWord.objects.bulk_create(
        WatermarkWord(word=word, note=note) for word in new
    )
    return new
