"""Headless Chromium (Debian's package) driven by Playwright's sync API."""

import os
import shutil

import pytest

from tests.conftest import BUNDLED, IN_CI, ROOT, SAMPLES, store

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from django.conf import settings

    if IN_CI and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("browser tests run once in CI, on PostgreSQL")
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by fixtures meanwhile are safe here (one test at a time).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture
def live_corpus(transactional_db):
    """The reference document and the samples, published, for the live server."""
    collection = store(BUNDLED).collection
    for path in sorted(SAMPLES.glob("*.txt")):
        store(path)
    return collection


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
