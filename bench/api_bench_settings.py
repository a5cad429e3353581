"""Settings for bench/api_bench.py: production settings plus the baseline views.

The API's throttles are raised out of the way (the load comes from one
address); everything else, middleware included, is kb.settings as deployed.
"""

from importlib.util import find_spec

from kb.settings import *  # noqa: F403
from kb.settings import INSTALLED_APPS, STORAGES

ROOT_URLCONF = "bench.api_bench_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
# Per second, not per minute: the throttle keeps one timestamp per request in
# its window, so a minute's window under load would be a list of ~10^4.
API_ANON_RATE = "1000000/s"
API_TOKEN_RATE = "1000000/s"
# Plain static storage: nothing here needs collectstatic (as in the tests).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

HAS_DRF = find_spec("rest_framework") is not None
if HAS_DRF:
    INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework"]
    # What a DRF deployment of the same endpoint would configure: JSON only,
    # Chinese as characters (DRF's default), an anonymous throttle like ours.
    REST_FRAMEWORK = {
        "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
        "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
        "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
        "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
        "UNICODE_JSON": True,
    }
