"""Editors, publishers and their logged-in clients."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

roles = importlib.import_module("essays.migrations.0004_editor_and_publisher_groups")
PASSWORD = "secret-pass-123"


def role(name: str) -> Group:
    """The group the data migration made; made again after a flush.

    Transactional tests (the browser's) flush the database, groups included.
    """
    group, created = Group.objects.get_or_create(name=name)
    if created:
        content = [
            f"{action}_{model}" for model in roles.CONTENT for action in roles.ACTIONS
        ]
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="essays",
                codename__in=content + roles.GROUPS[name],
            )
        )
    return group


def member(username: str, group: str | None) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    if group:
        user.groups.add(role(group))
    return user


@pytest.fixture
def editor(db) -> User:
    return member("editor", "editor")


@pytest.fixture
def publisher(db) -> User:
    return member("publisher", "publisher")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("boss", password=PASSWORD)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    return logged_in(editor)


@pytest.fixture
def publisher_client(publisher) -> Client:
    return logged_in(publisher)


@pytest.fixture
def admin_client(superuser) -> Client:
    return logged_in(superuser)
