"""A client generated from the live schema by openapi-python-client works.

The generator runs offline (it reads the schema file and renders templates);
the generated package is imported from tmp_path and calls a running server.
"""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import CONTENT, make_token

pytestmark = pytest.mark.django_db(transaction=True)

# Raw document bodies are bytes to the generator (it knows no text/html).
RAW_TYPES = (
    "text/plain",
    "text/html",
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
CONFIG = {
    "project_name_override": "kb-client",
    "package_name_override": "kb_client",
    "post_hooks": [],
    "content_type_overrides": dict.fromkeys(RAW_TYPES, "application/octet-stream"),
}


def generator() -> Path:
    return Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture
def kb_client(client, tmp_path, monkeypatch):
    """The generated package, importable as `kb_client`."""
    if not generator().exists():
        pytest.skip("openapi-python-client is not installed (pip install -e .[dev])")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(client.get("/api/v1/openapi.json").json()))
    (tmp_path / "config.json").write_text(json.dumps(CONFIG))
    done = subprocess.run(
        [
            str(generator()),
            "generate",
            "--path",
            "schema.json",
            "--output-path",
            "tmp",
            "--config",
            "config.json",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Unsupported" not in done.stdout, done.stdout
    monkeypatch.syspath_prepend(str(tmp_path / "tmp"))
    for name in [name for name in sys.modules if name.startswith("kb_client")]:
        del sys.modules[name]
    return importlib.import_module("kb_client")


def test_generated_client_calls_three_endpoints(kb_client, live_server):
    from essays.models import Essay
    from tests.conftest import BUNDLED, store

    store(BUNDLED)
    token = make_token("integrator", [*CONTENT, "publish_essay"])
    api = kb_client.AuthenticatedClient(base_url=live_server.url, token=token)
    from kb_client.api.essays import get_essay, list_essays, update_essay
    from kb_client.models import EssayPatch

    page = list_essays.sync(client=api, limit=2)
    assert page.count == Essay.objects.published().count()
    assert len(page.items) == 2

    slug = page.items[0].slug
    tree = get_essay.sync(slug, client=api)
    assert tree.slug == slug and tree.sections
    assert tree.sections[0].category.value == tree.sections[0].to_dict()["category"]

    changed = update_essay.sync(slug, client=api, body=EssayPatch(author="某某"))
    assert changed.author == "某某"
    assert Essay.objects.get(slug=slug).author == "某某"
