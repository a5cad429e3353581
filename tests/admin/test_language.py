"""Editors and readers see Chinese whatever language their browser asks for.

The walk below opens every page the admin's URL patterns name (changelists,
change, add, history, version and recover pages, the import form, a preview
with warnings, the undo and recovery pages, tokens…), as a superuser with
the bundled corpus imported, and fails on any Latin-letter word in the
visible text that is neither an allowed format name nor the stored content's
own text (issue 15). New admin pages are walked without changing this file.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django.urls import URLPattern, URLResolver, reverse
from reversion.models import Version

from essays.models import ApiToken, Collection, Essay, ImportUpload, Point, Section
from essays.search.models import DictionaryTerm
from essays.services import tokens, topics
from essays.services.recording import ADMIN
from essays.watermarks import add_words
from tests.admin.documents import COMMUNITY
from tests.admin.test_history import edit_point_title
from tests.admin.test_import import confirm, staged
from tests.conftest import BUNDLED, SAMPLES

pytestmark = pytest.mark.django_db

# Format and protocol names (decisions.md, "Language and messages").
ALLOWED = {"API", "ID", "URL", "Word", "Markdown", "PDF", "SHA", "HTML", "JSON"}
# Units are symbols, not words: 5 MiB, 12.3 KB (as 5 kg would be).
ALLOWED |= {"KB", "MB", "MiB"}
# A file extension (.docx) and an encoding's name (UTF-8, GB18030) are formats.
FORMAT = re.compile(r"\.[a-z]{2,5}\b|\bUTF-8\b|\bGB18030\b|\bGBK\b")
LATIN = re.compile(r"[A-Za-z]+")
# Apps whose rows are people's own text (titles, names, words they typed);
# not Django's (permission names) nor reversion's (serialised field names).
OWN_DATA_APPS = {"essays", "search", "taggit"}
# Fingerprints are stored but are nobody's text: a page must not show them.
HASHES = re.compile(r"sha256|hash|fingerprint|digest|signature|minhash|band")
# A document whose preview carries the importer's warnings.
WARNED = SAMPLES / "xinmeiti-qunzhong-gongzuo-shuiyin.txt"


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


class VisibleText(HTMLParser):
    """The text a person reads as the page's own words.

    Left out: tags, attributes, scripts and styles; quoted document text
    (`<q class="source">`, `<code>`, decisions.md) and key caps (`<kbd>Alt</kbd>`).
    """

    HIDDEN = {"script", "style", "template", "noscript", "code", "kbd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []  # the hiding elements we are inside

    def handle_starttag(self, tag, attrs):
        quoted = tag == "q" and "source" in (dict(attrs).get("class") or "").split()
        if tag in self.HIDDEN or quoted:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if not self.open:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def foreign_words(html: str, own: set[str]) -> set[str]:
    """Latin-letter words of a page that are neither allowed nor stored text."""
    text = FORMAT.sub(" ", visible_text(html))
    return {w for w in LATIN.findall(text) if w not in ALLOWED and w not in own}


def stored_words() -> set[str]:
    """Every Latin-letter word in people's own stored text."""
    words: set[str] = {user.get_username() for user in User.objects.all()}
    words |= set(LATIN.findall(" ".join(Group.objects.values_list("name", flat=True))))
    for model in apps.get_models():
        if model._meta.app_label not in OWN_DATA_APPS:
            continue
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not HASHES.search(field.name)
        ]
        for row in model.objects.values_list(*names):
            words |= set(LATIN.findall(" ".join(str(v) for v in row if v)))
    for raw in ImportUpload.objects.values_list("raw", flat=True):  # staged text
        words |= set(LATIN.findall(bytes(raw).decode("utf-8", "replace")))
    return words


# --- the admin's pages, from its URL patterns ----------------------------------


def flatten(patterns, prefix="", model=None):
    """(name, route, model) for every named admin URL pattern."""
    registry = {
        f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry
    }
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            owner = registry.get(str(entry.pattern), model)
            yield from flatten(entry.url_patterns, route, owner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, entry.pattern, model


class Pages:
    """Arguments for each admin URL: real rows of the prepared database."""

    def __init__(self, world: dict):
        self.world = world

    def urls(self, name: str, pattern, model) -> list[str]:
        groups = pattern.regex.groups
        named = list(pattern.regex.groupindex)
        if name == "app_list":
            return [
                reverse("admin:app_list", args=[label])
                for label in {m._meta.app_label for m in admin.site._registry}
            ]
        if name in {"view_on_site", "autocomplete", "jsi18n", "logout", "login"}:
            return []  # redirects, JSON, POST-only, or the login page itself
        if name.endswith("_import_preview"):
            return [self.reverse(name, upload_id=self.world["staged"].pk)]
        if name.endswith("_import_undo"):
            return [self.reverse(name, upload_id=self.world["imported"].pk)]
        if name.endswith("_import_recover"):
            return [self.reverse(name, upload_id=self.world["undone"].pk)]
        if name.endswith("_recover"):
            deleted = Version.objects.get_deleted(model).first()
            return [self.reverse(name, deleted.pk)] if deleted else []
        if name.endswith("_revision"):
            obj = self.instance(model)
            version = Version.objects.get_for_object(obj).first()
            return [self.reverse(name, obj.pk, version.pk)] if version else []
        if groups == 0:
            return [self.reverse(name)]
        obj = self.instance(model)
        if obj is None:
            return []
        if named:
            return [self.reverse(name, **dict.fromkeys(named, obj.pk))]
        return [self.reverse(name, *[obj.pk] * groups)]

    def reverse(self, name, *args, **kwargs) -> str:
        return reverse(f"admin:{name}", args=args or None, kwargs=kwargs or None)

    def instance(self, model):
        if model is None:
            return None
        preferred = self.world.get(model)
        return preferred or model._default_manager.order_by("pk").first()


@pytest.fixture
def world(admin_client, superuser):
    """A database with something on every admin page."""
    confirm(admin_client, staged(admin_client, BUNDLED.read_bytes(), BUNDLED.name))
    imported = ImportUpload.objects.get()
    confirm(admin_client, staged(admin_client, COMMUNITY.encode(), "shequ.txt"))
    undone = ImportUpload.objects.exclude(pk=imported.pk).get()
    admin_client.post(reverse("admin:essays_import_undo", args=[undone.pk]))
    stage = staged(admin_client, WARNED.read_bytes(), WARNED.name)
    point = Point.objects.order_by("pk").first()
    edit_point_title(admin_client, point, point.title + "(修订)")
    topics.set_topics(point, ["网格化管理"], actor=superuser, channel=ADMIN)
    gone = Point.objects.order_by("-pk").first()
    admin_client.post(
        reverse("admin:essays_point_delete", args=[gone.pk]), {"post": "yes"}
    )
    tokens.issue_token(
        superuser, name="学习平台同步", scope="read", actor=superuser, channel=ADMIN
    )
    add_words("范文网", note="示例", actor=superuser)
    DictionaryTerm.objects.get_or_create(word="网格员")
    Group.objects.get_or_create(name="editor")
    return {
        "imported": imported,
        "undone": undone,
        "staged": ImportUpload.objects.get(pk=int(stage.rstrip("/").split("/")[-1])),
        Essay: Essay.objects.order_by("pk").first(),
        Collection: imported.collection,
        ApiToken: ApiToken.objects.first(),
        User: superuser,
    }


def test_every_admin_page_speaks_chinese(admin_client, world):
    own = stored_words()
    pages = Pages(world)
    failures, visited = {}, []
    for name, pattern, model in flatten(admin.site.get_urls()):
        for url in pages.urls(name, pattern, model):
            response = admin_client.get(url)
            assert response.status_code < 500, url
            kind = response.headers.get("Content-Type", "")
            if response.status_code != 200 or not kind.startswith("text/html"):
                continue
            visited.append(name)
            words = foreign_words(response.content.decode(), own)
            if words:
                failures[url] = sorted(words)
    for page in (
        "essays_import",
        "essays_import_preview",
        "essays_import_undo",
        "essays_import_recover",
        "essays_collection_recover",
        "essays_essay_history",
        "essays_point_revision",
        "essays_apitoken_changelist",
        "essays_importupload_change",
        "auth_user_change",
    ):
        assert page in visited, page
    assert not failures, "\n".join(f"{url}: {words}" for url, words in failures.items())


def test_nested_inlines_say_delete_in_chinese(admin_client, world):
    """django-nested-admin hard-codes "Remove"; templates/nesting/ overrides it."""
    for url in (
        reverse("admin:essays_essay_change", args=[world[Essay].pk]),
        reverse("admin:essays_section_change", args=[Section.objects.first().pk]),
    ):
        html = admin_client.get(url).content.decode()
        assert "djn-remove-handler" in html, url
        assert ">Remove<" not in html and ">删除<" in html, url


def test_the_preview_walked_above_carries_warnings(admin_client, world):
    html = admin_client.get(
        reverse("admin:essays_import_preview", args=[world["staged"].pk])
    ).content.decode()
    assert "kb-warnings" in html
    assert "SHA-256" not in html  # no hashes for editors


def test_a_latin_word_on_a_page_is_caught_and_stored_text_is_not():
    own = {"WiFi"}
    page = (
        '<p title="English attribute">连上 WiFi 后 click 这里'
        "<script>var ignored = 1;</script>(.docx, UTF-8, PDF)"
        '按 <kbd>Alt</kbd>,原文<q class="source">see more</q><q>quoted</q></p>'
    )
    assert foreign_words(page, own) == {"click", "quoted"}
