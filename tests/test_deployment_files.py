"""docker-compose.yml, the Dockerfile and the README agree (no Docker engine here)."""

import re

import yaml

from tests.conftest import ROOT


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_postgres_16_with_a_volume_and_healthcheck():
    db = compose()["services"]["db"]
    assert db["image"] == "postgres:16"
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert "pgdata" in compose()["volumes"]


def test_compose_web_waits_for_a_healthy_database_and_serves_8000():
    web = compose()["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["ports"] == ["8000:8000"]
    assert web["environment"]["DATABASE_URL"].startswith("postgres://kb:kb@db:5432/")
    assert web["environment"]["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY")
    # Healthy means ready: database, Redis and search answer.
    assert "/readyz" in " ".join(web["healthcheck"]["test"])


def test_compose_runs_redis_for_the_cache_and_the_rate_limits():
    services = compose()["services"]
    redis = services["redis"]
    assert redis["image"] == "redis:7"
    assert redis["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]
    web = services["web"]
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert web["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    # A cache that evicts when full; sessions are written through to PostgreSQL.
    command = redis["command"]
    assert command[command.index("--maxmemory-policy") + 1] == "allkeys-lru"


def test_readme_says_rate_limits_are_per_process_without_redis():
    readme = (ROOT / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `REDIS_URL`"))
    assert "per process" in row and "rate limits" in row


def test_dockerfile_migrates_collects_static_and_runs_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    command = dockerfile[dockerfile.index("CMD") :]
    for step in ("migrate", "collectstatic", "gunicorn kb.wsgi", "0.0.0.0:8000"):
        assert step in command


def test_dockerfile_sums_every_workers_metrics_and_logs_each_request_once():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus" in dockerfile
    command = dockerfile[dockerfile.index("CMD") :]
    # Emptied before any process of this start counts into it.
    fresh = command.index('mkdir -p \\"$PROMETHEUS_MULTIPROC_DIR\\"')
    assert command.index('rm -rf \\"$PROMETHEUS_MULTIPROC_DIR\\"') < fresh
    assert fresh < command.index("migrate") < command.index("gunicorn")
    assert "--access-logfile" not in command  # the app logs each request as JSON


def test_readme_quick_start_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", section, re.S).group(1)
    commands = [
        line for line in block.splitlines() if line.strip() and not line.startswith("#")
    ]
    assert commands == ["./run serve", "./run test"]


def test_readme_documents_every_environment_variable():
    readme = (ROOT / "README.md").read_text()
    settings = (ROOT / "kb" / "settings.py").read_text()
    names = set(re.findall(r"env_(?:bool|list|int)\(\s*\"([A-Z_]+)\"", settings))
    names |= set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", settings))
    assert names, "no environment variables found in settings"
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"README does not document {missing}"
    compose_env = compose()["services"]["web"]["environment"]
    assert not [name for name in compose_env if f"`{name}`" not in readme]
