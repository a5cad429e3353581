"""Editors and readers see Chinese whatever language their browser asks for."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_speaks_chinese_to_an_english_browser(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Site administration" not in text and "Recent actions" not in text
    assert "最近动作" in text or "站点管理" in text


def test_public_pages_do_not_claim_to_be_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers.get("Content-Language", "zh-hans") == "zh-hans"
    feed = client.get("/feed/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'xml:lang="en' not in feed.content.decode()
