"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


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
