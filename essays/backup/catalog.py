"""Every model, decided once: exported, rebuilt after an import, or ignored.

tests/operations/test_backup.py fails when a model appears that none of the
three lists names, so a new table is a decision, not a silent loss.
"""

from django.apps import apps
from django.db import models

# In dependency order: every foreign key points to a model listed earlier (or
# to one that migrations create: content types, permissions). A file lists
# its models in this order and an import reads them in it.
EXPORTED: tuple[str, ...] = (
    "auth.group",  # by name; permissions by natural key
    "auth.user",  # password hashes as stored; groups by name
    "essays.topic",
    "essays.collection",  # with its raw text
    "essays.essay",
    "essays.section",
    "essays.point",
    "essays.taggedessay",
    "essays.taggedpoint",
    "taggit.tag",  # taggit's own tables: unused by the project, kept if filled
    "taggit.taggeditem",
    "essays.watermarkword",  # the editors' word lists
    "search.dictionaryterm",  # the editors' search dictionary
    "reversion.revision",
    "reversion.version",
    "essays.revisionsource",
    "essays.importupload",  # import records, staged bytes included
    "essays.apitoken",  # hashes only, as stored
    "essays.auditentry",
    "admin.logentry",  # the admin's own change log
)

# Derived from the exported rows; an import rebuilds them with the functions
# the rebuild commands use.
REBUILT: dict[str, str] = {
    "search.entry": "search index (rebuild_search_index)",
    "search.term": "the index's vocabulary, grown while indexing",
    "duplicates.essayfingerprint": "MinHash signatures (rebuild_fingerprints)",
    "duplicates.fingerprintband": "LSH bands of the signatures",
    "essays.contentversion": "cache counter; moved to the import's time by the import",
}

# Neither content nor history: made by migrations, or per-machine state.
IGNORED: dict[str, str] = {
    "contenttypes.contenttype": "made by migrate; rows refer to it by natural key",
    "auth.permission": "made by migrate; referred to by natural key",
    "sessions.session": "logins: editors sign in again",
    "axes.accessattempt": "failed logins of this machine",
    "axes.accessattemptexpiration": "lockout expiry of this machine",
    "axes.accessfailurelog": "failed logins of this machine",
    "axes.accesslog": "logins of this machine",
    # The import moves the structure version on, which every page copy kept
    # by essay counters is keyed by: counting starts again from nothing.
    "essays.essayversion": "per-essay cache counters",
}

# Rows that migrations seed into an empty database and that an import
# replaces or matches instead of refusing: groups by name, the shipped
# dictionary (search migration 0002).
SEEDED = ("auth.group", "search.dictionaryterm")


def model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def exported_models() -> list[type[models.Model]]:
    return [model(label) for label in EXPORTED]


def unclassified() -> list[str]:
    """Labels of installed models that no list names (should be none)."""
    known = set(EXPORTED) | set(REBUILT) | set(IGNORED)
    return sorted(
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.label_lower not in known
    )
