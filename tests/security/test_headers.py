"""Every response carries the Content-Security-Policy and Permissions-Policy.

Issue 14, 7: before django-csp no page had either header. The policy is
strict: no 'unsafe-inline' anywhere, so templates may hold no inline code.
"""

import re

import pytest
from django.test import Client

from essays.models import Essay, Point
from essays.selectors import topics_with_counts
from tests.admin.conftest import logged_in
from tests.conftest import ROOT

DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def public_paths() -> list[str]:
    essay = Essay.objects.published().first()
    point = Point.objects.filter(essay=essay).first()
    topic = topics_with_counts().first()
    return [
        "/",
        "/essays/",
        essay.get_absolute_url(),
        f"/points/{point.pk}/",
        "/topics/",
        f"/topics/{topic.slug}/",
        "/guidance/suggestions/",
        f"/compare/?essays={essay.slug}",
        "/search/?q=统战",
        "/feed/",
        "/sitemap.xml",
        "/no-such-page/",
        "/healthz",
        "/api/v1/essays",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/admin/login/",
    ]


def test_every_response_carries_both_policies(imported_corpus, admin_user):
    paths = public_paths()
    anonymous, staff = Client(), logged_in(admin_user)
    essay = Essay.objects.first()
    admin_paths = [
        "/admin/",
        "/admin/essays/essay/",
        f"/admin/essays/essay/{essay.pk}/change/",
        f"/admin/essays/essay/{essay.pk}/history/",
        "/admin/essays/collection/import/",
    ]
    responses = [(path, anonymous.get(path)) for path in paths]
    responses += [(path, staff.get(path)) for path in admin_paths]
    for path, response in responses:
        assert response.status_code < 500, path
        assert "Content-Security-Policy" in response, path
        assert "Permissions-Policy" in response, path


def test_policy_allows_no_inline_code(client, db):
    policy = directives(client.get("/healthz")["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_permissions_policy_denies_unused_features(client, db):
    header = client.get("/healthz")["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in (*DENIED_FEATURES, "browsing-topics"):
        assert features[feature] == "()", feature


INLINE_CODE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)"),
    "style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle\s*="),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "template",
    sorted(ROOT.glob("templates/**/*.html")),
    ids=lambda path: str(path.relative_to(ROOT / "templates")),
)
def test_templates_hold_no_inline_code(template):
    text = template.read_text(encoding="utf-8")
    found = [name for name, pattern in INLINE_CODE.items() if pattern.search(text)]
    assert not found, f"{template.name}: {', '.join(found)}; move it to static/"


def test_csrf_failure_page_is_chinese_without_inline_style(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "请求未通过验证" in page
    assert "<style" not in page and "Content-Security-Policy" in response
