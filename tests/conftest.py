"""Fixtures shared by the whole suite."""

import functools
import os
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached data (throttle counters included)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def plain_static_storage():
    """Serve static files without collectstatic's manifest during tests."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=storages):
        yield


BUNDLED = ROOT / "essays" / "corpus" / "jiceng-dangqun-gongzuo.txt"
SAMPLES = ROOT / "tests" / "corpus"


@functools.cache
def parsed_document(path: Path):
    """The parse of a corpus file, once per test session (parse is pure)."""
    from essays.importer import parse

    return parse(path.read_bytes(), path=str(path.relative_to(ROOT)))


def store(path: Path, *, publish: bool = True):
    from essays.writer import store_document

    return store_document(parsed_document(path), raw_text="", publish=publish)


@pytest.fixture
def imported_corpus(db):
    """The bundled reference document, imported and published."""
    return store(BUNDLED).collection


@pytest.fixture
def imported_samples(imported_corpus):
    """The reference document and our own sample documents, all published."""
    for path in sorted(SAMPLES.glob("*.txt")):
        store(path)
    return imported_corpus


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the project: required in CI, a skip elsewhere."""
    if not SHARED.is_dir():
        if IN_CI:
            pytest.fail(
                f"{SHARED} is missing; CI must have ../shared beside the project"
            )
        pytest.skip("../shared is not beside the project")
    return SHARED
