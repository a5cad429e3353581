"""The HTML search page is throttled per address like the API (issue 14, 9)."""

from django.test import Client

SEARCH = "/search/?q=统战工作"


def test_searches_beyond_the_rate_get_a_chinese_429(client, imported_corpus, settings):
    settings.API_ANON_RATE = "3/min"
    for _ in range(3):
        assert client.get(SEARCH).status_code == 200
    response = client.get(SEARCH)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    page = response.content.decode()
    assert "请求太频繁" in page and "秒后再试" in page
    assert "Content-Security-Policy" in response


def test_the_count_is_per_address_and_per_page(client, imported_corpus, settings):
    settings.API_ANON_RATE = "2/min"
    for _ in range(2):
        client.get(SEARCH)
    assert client.get(SEARCH).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.9").get(SEARCH).status_code == 200
    assert client.get("/essays/").status_code == 200
    assert client.get("/topics/").status_code == 200


def test_api_reads_do_not_use_up_searching(client, imported_corpus, settings):
    settings.API_ANON_RATE = "2/min"
    for _ in range(2):
        assert client.get("/api/v1/topics").status_code == 200
    assert client.get(SEARCH).status_code == 200
