"""Schemathesis against the live schema: no 5xx, every response as documented.

Runs in process (WSGI) on the imported reference document, once with a
publisher's token so that writes and imports are exercised too, once without
one (reads answer, writes are a documented 401). Like the browser tests it
runs once in CI, on PostgreSQL (see `pytestmark`).
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from tests.api.conftest import CONTENT, bearer, make_token
from tests.conftest import IN_CI

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def on_sqlite_in_ci() -> bool:
    from django.conf import settings as django_settings

    engine = django_settings.DATABASES["default"]["ENGINE"]
    return IN_CI and engine.endswith("sqlite3")


pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.skipif(on_sqlite_in_ci(), reason="fuzzed once in CI, on PostgreSQL"),
]


@pytest.fixture
def test_connection_stays_open():
    """Requests run in the test's transaction, as Django's test client does.

    Django closes database connections when a request finishes; called
    straight through WSGI, that would close the test's own connection.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def throttles_raised(settings):
    """Schemathesis also sends bad tokens (ignored_auth): no 429 mid-run."""
    settings.API_ANON_RATE = settings.API_TOKEN_RATE = "100000/min"
    settings.API_FAILED_TOKEN_RATE = "100000/min"


@pytest.fixture(params=["publisher", "anonymous"])
def headers(
    request, imported_corpus, test_connection_stays_open, throttles_raised
) -> dict:
    if request.param == "anonymous":
        return {}
    token = make_token("fuzzer", [*CONTENT, "publish_essay"], staff=True)
    return {"Authorization": bearer(token)["HTTP_AUTHORIZATION"]}


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_api_answers_every_request_as_documented(case, headers):
    # Every check runs. Which statuses count as accepting schema-valid data
    # is set in schemathesis.toml: the API refuses some by design (a position
    # past the end, text that is no document, a lone surrogate).
    case.call_and_validate(headers=headers)
