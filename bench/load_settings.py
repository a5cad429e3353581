"""Settings for bench/load.py's server: production settings, one cache knob.

LOAD_CACHE=none swaps Django's cache for DummyCache (nothing is ever cached:
the baseline); any other value keeps kb.settings' cache (Redis when REDIS_URL
is set, else each process's memory). Everything else is kb.settings as
deployed; the throttles are raised through their environment variables.
"""

import os

from kb.settings import *  # noqa: F403
from kb.settings import STORAGES

# Plain static storage: the load asks for no static files, and collectstatic
# would take a minute per run (compression); the manifest's lookup per URL
# that production makes instead is a dict access.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("LOAD_CACHE") == "none":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
