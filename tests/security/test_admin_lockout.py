"""django-axes: wrong admin passwords lock out a username from an address.

Issue 14, 9: sixty wrong passwords in a row caused no lockout.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests.admin.conftest import PASSWORD, member

LOGIN = "/admin/login/?next=/admin/"


def attempt(client: Client, password: str, username: str = "editor", **extra):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(LOGIN, data, **extra)


@pytest.fixture
def editor(db):
    return member("editor", "editor")


def test_five_wrong_passwords_lock_out_with_a_chinese_page(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = attempt(client, "wrong")
        assert response.status_code == 200  # the login form again, with its error
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已暂停" in page
    assert "连续错误 5 次" in page and "15 分钟" in page
    assert "Account locked" not in page
    # Even the right password is refused until the cool-off ends.
    assert attempt(client, PASSWORD).status_code == 429


def test_lockout_is_per_username_and_address(client, editor):
    member("publisher", "publisher")
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    elsewhere = attempt(Client(), PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert elsewhere.status_code == 302
    other_user = attempt(Client(), PASSWORD, username="publisher")
    assert other_user.status_code == 302


def test_the_right_password_works_again_after_the_cool_off(client, editor):
    for _ in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = attempt(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_a_success_resets_the_count(client, editor):
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD).status_code == 302
    Client().get("/admin/logout/")
    for _ in range(4):
        assert attempt(Client(), "wrong").status_code == 200


def test_force_login_still_works(client, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_limit_and_cool_off_come_from_the_environment():
    from tests.test_settings import run_django

    result = run_django(
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)",
        DJANGO_DEBUG="1",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="30",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["3", "0:30:00"]
