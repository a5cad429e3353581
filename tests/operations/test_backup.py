"""export_kb / import_kb on the suite's database (SQLite here, PostgreSQL in CI).

A round trip here empties the database between export and import; the
fresh-database round trips across engines are in test_backup_roundtrip.py.
"""

import datetime
import gzip
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from essays.backup import catalog
from essays.backup.codec import SUPPORTED, tables
from tests.operations.test_backup_roundtrip import populate


def export(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("export_kb", str(path), "--no-progress", *args, stdout=out)
    return out.getvalue()


def restore(path: Path) -> str:
    out = io.StringIO()
    call_command("import_kb", str(path), "--no-progress", stdout=out)
    return out.getvalue()


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as caught:
        restore(path)
    assert caught.value.returncode == 1  # manage.py exits non-zero
    return str(caught.value)


def wipe() -> None:
    """Every exported and derived row gone, as in a database just migrated."""
    for label in (*reversed(catalog.EXPORTED), *catalog.REBUILT):
        if label != "auth.group":  # migrations make the groups; matched by name
            catalog.model(label)._base_manager.all().delete()


def counts() -> dict[str, int]:
    return {
        label: catalog.model(label)._base_manager.count()
        for label in (*catalog.EXPORTED, *catalog.REBUILT)
    }


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def first_row(body: list[bytes], label: str) -> int:
    return next(i for i, line in enumerate(body) if line.startswith(row_start(label)))


def row_start(label: str) -> bytes:
    return f'{{"model":"{label}"'.encode()


def reseal(path: Path, body: list[bytes]) -> None:
    """Write header and rows with a closing line that agrees with them."""
    rows = {}
    for line in body[1:]:
        label = json.loads(line)["model"]
        rows[label] = rows.get(label, 0) + 1
    closing = {
        "end": True,
        "rows": rows,
        "sha256": hashlib.sha256(b"".join(body)).hexdigest(),
    }
    path.write_bytes(b"".join(body) + json.dumps(closing).encode() + b"\n")


# Every model decided.


def test_every_model_is_exported_rebuilt_or_ignored():
    assert catalog.unclassified() == []
    exported, rebuilt, ignored = (
        set(catalog.EXPORTED),
        set(catalog.REBUILT),
        set(catalog.IGNORED),
    )
    assert not exported & rebuilt and not exported & ignored and not rebuilt & ignored
    assert len(exported) == len(catalog.EXPORTED)


def test_exported_models_come_after_what_they_refer_to():
    order = {label: index for index, label in enumerate(catalog.EXPORTED)}
    for label in catalog.EXPORTED:
        for field in catalog.model(label)._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model._meta.label_lower
            assert target in catalog.IGNORED or order[target] <= order[label], (
                f"{label}.{field.name} refers to {target}, listed later or not at all"
            )


def test_every_exported_column_has_an_exact_encoding():
    for table in tables():
        for field in table.fields:
            assert field.get_internal_type() in SUPPORTED, f"{table.label}.{field.name}"


def test_many_to_many_rows_travel_with_a_model_or_with_their_owner():
    for model in apps.get_models():
        label = model._meta.label_lower
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                assert label not in catalog.EXPORTED or label in (
                    "auth.user",
                    "auth.group",
                ), f"{label}.{field.name}: lists only users' and groups' own"
            elif label in catalog.EXPORTED:
                assert through._meta.label_lower in catalog.EXPORTED


# A round trip in this database.


@pytest.mark.django_db
def test_export_then_import_into_the_emptied_database_gives_the_same_bytes(
    tmp_path, client
):
    from essays.models import Collection, Essay, Point

    populate()
    collection = Collection.objects.order_by("pk").first()
    exact = datetime.datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)
    # auto_now and auto_now_add columns keep the file's values, microseconds too.
    Collection.objects.filter(pk=collection.pk).update(
        created_at=exact, updated_at=exact
    )
    point = Point.objects.order_by("-pk").first()
    Point.objects.filter(pk=point.pk).update(updated_at=exact)
    before = counts()
    first = tmp_path / "first.jsonl"
    assert "已导出" in export(first)
    assert b'"created_at":"2026-03-04T05:06:07.123456+00:00"' in first.read_bytes()

    wipe()
    summary = restore(first)
    assert "已导入" in summary
    after = counts()
    # The vocabulary only grows while the site runs; rebuilt, it holds what
    # the entries use. Every other table, derived ones too, is as it was.
    assert 0 < after.pop("search.term") <= before.pop("search.term")
    assert after == before
    assert Collection.objects.get(pk=collection.pk).created_at == exact
    assert Collection.objects.get(pk=collection.pk).updated_at == exact
    assert Point.objects.get(pk=point.pk).updated_at == exact
    second = tmp_path / "second.jsonl"
    export(second)
    assert second.read_bytes() == first.read_bytes()

    # The restored site: a page, a search, and a new essay past the old ids.
    essay = Essay.objects.published().order_by("pk").first()
    page = client.get(essay.get_absolute_url())
    assert page.status_code == 200 and essay.title in page.content.decode()
    found = client.get("/search/", {"q": "新增的要点"})
    assert found.status_code == 200 and essay.title in found.content.decode()


@pytest.mark.django_db
def test_new_rows_after_an_import_get_fresh_ids(tmp_path, imported_corpus):
    from essays.models import Essay
    from essays.services import editing
    from essays.services.recording import COMMAND

    path = tmp_path / "kb.jsonl"
    export(path)
    highest = Essay.objects.order_by("-pk").first().pk
    wipe()
    restore(path)
    created = editing.create_essay(
        imported_corpus, actor=None, channel=COMMAND, title="恢复之后新建"
    )
    assert created.pk > highest


@pytest.mark.django_db
def test_a_restore_moves_the_versions_past_what_a_shared_cache_holds(
    tmp_path, imported_corpus, client
):
    import time

    from essays import content_version
    from essays.models import ContentVersion

    path = tmp_path / "kb.jsonl"
    export(path)
    wipe()  # the counters too: a new database counts from the start
    assert not ContentVersion.objects.exists()
    # A shared cache holds a page kept at such low versions.
    client.get("/")
    assert client.get("/").context is None  # kept
    before = time.time_ns() // 1_000_000
    restore(path)
    assert min(content_version.versions()) >= before
    page = client.get("/")
    assert page.context is not None  # rendered from the restored rows
    assert imported_corpus.title in page.content.decode()


@pytest.mark.django_db
def test_a_compressed_export_round_trips(tmp_path, imported_corpus):
    packed = tmp_path / "kb.jsonl.gz"
    export(packed)
    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    plain = gzip.decompress(packed.read_bytes())
    assert plain.startswith(b'{"format":"jiceng-kb","version":1')
    wipe()
    restore(packed)
    again = tmp_path / "again.jsonl.gz"
    export(again)
    assert again.read_bytes() == packed.read_bytes()


@pytest.mark.django_db
def test_users_that_exist_already_are_matched_by_username(tmp_path):
    from django.contrib.auth import get_user_model

    from essays.models import ApiToken
    from essays.services import tokens
    from essays.services.recording import ADMIN

    users = get_user_model().objects
    owner = users.create_user("zhubian", password="口令-甲-123456")
    users.create_user("bianji", password="口令-乙-123456")
    tokens.issue_token(owner, name="同步", scope="read", actor=owner, channel=ADMIN)
    path = tmp_path / "kb.jsonl"
    export(path)
    old_id = owner.pk
    wipe()
    # Another account already holds the old id, and zhubian exists under a new one.
    stranger = users.create_user("moshengren", id=old_id)
    kept = users.create_user("zhubian", password="现有口令-123456")
    summary = restore(path)
    assert "沿用现有账号：zhubian" in summary
    assert ApiToken.objects.get().user_id == kept.pk
    assert users.get(pk=kept.pk).check_password("现有口令-123456")
    assert users.get(pk=stranger.pk).username == "moshengren"
    # A new one comes back inactive, with no usable password (decisions.md).
    created = users.get(username="bianji")
    assert not created.is_active and not created.has_usable_password()


# Progress.


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stream, flags, shown",
    [
        (Terminal, [], True),
        (Terminal, ["--no-progress"], False),
        (io.StringIO, [], False),
    ],
)
def test_the_progress_bar_shows_on_a_terminal_only(
    tmp_path, monkeypatch, imported_corpus, stream, flags, shown
):
    err = stream()
    monkeypatch.setattr("sys.stderr", err)
    call_command("export_kb", str(tmp_path / "kb.jsonl"), *flags, stdout=io.StringIO())
    assert ("导出" in err.getvalue() and "100%" in err.getvalue()) is shown


# Bad input: a Chinese sentence, a non-zero exit, nothing written.


@pytest.fixture
def good_file(tmp_path, imported_corpus) -> Path:
    path = tmp_path / "good.jsonl"
    export(path)
    wipe()
    return path


@pytest.mark.django_db
def test_a_missing_file_is_refused(tmp_path):
    assert "找不到文件" in refused(tmp_path / "none.jsonl")
    assert "不是文件" in refused(tmp_path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
        "这只是一段文字\n".encode(),
        b'[{"model": "essays.essay", "pk": 1, "fields": {}}]\n',  # dumpdata's output
        b'{"format": "other", "version": 1}\n',
        b"",
    ],
    ids=["binary", "text", "dumpdata", "other-format", "empty"],
)
def test_a_file_that_is_not_an_export_is_refused(tmp_path, content):
    path = tmp_path / "other.jsonl"
    path.write_bytes(content)
    assert "不是知识库导出文件" in refused(path)


@pytest.mark.django_db
def test_another_format_version_is_refused(tmp_path, good_file):
    body = lines(good_file)[:-1]
    header = json.loads(body[0]) | {"version": 2}
    body[0] = json.dumps(header).encode() + b"\n"
    reseal(good_file, body)
    assert "第 2 版" in refused(good_file)


@pytest.mark.django_db
@pytest.mark.parametrize("cut", ["mid-line", "at-a-line", "no-closing-line"])
def test_a_truncated_file_is_refused_and_nothing_written(tmp_path, good_file, cut):
    data = good_file.read_bytes()
    body = lines(good_file)
    if cut == "mid-line":
        data = data[: len(data) // 2]
    elif cut == "at-a-line":
        data = b"".join(body[: len(body) // 2])
    else:
        data = b"".join(body[:-1])
    good_file.write_bytes(data)
    before = counts()
    assert "不完整" in refused(good_file)
    assert counts() == before


@pytest.mark.django_db
def test_a_truncated_compressed_file_is_refused(tmp_path, imported_corpus):
    path = tmp_path / "kb.jsonl.gz"
    export(path)
    wipe()
    path.write_bytes(path.read_bytes()[:-200])
    message = refused(path)
    assert "已损坏" in message or "不完整" in message


@pytest.mark.django_db
def test_an_altered_file_is_refused(good_file):
    data = good_file.read_bytes()
    good_file.write_bytes(data.replace("基层".encode(), "机层".encode(), 1))
    assert "校验和" in refused(good_file)


@pytest.mark.django_db
def test_a_database_with_content_is_refused_and_left_alone(tmp_path, imported_corpus):
    path = tmp_path / "kb.jsonl"
    export(path)
    before = counts()
    message = refused(path)
    assert "目标数据库已有内容" in message and "汇编" in message
    assert counts() == before


def test_every_table_a_refusal_can_name_has_a_chinese_name():
    import re

    from essays.backup import catalog
    from essays.backup.checking import CHINESE_NAMES

    for model in catalog.exported_models():
        label = model._meta.label_lower
        name = CHINESE_NAMES.get(label, str(model._meta.verbose_name_plural))
        assert re.search("[\u4e00-\u9fff]", name), label


@pytest.mark.django_db
def test_a_file_from_other_migrations_is_refused(good_file):
    body = lines(good_file)[:-1]
    header = json.loads(body[0])
    header["schema"]["essays"] = "0099_from_the_future"
    body[0] = json.dumps(header, ensure_ascii=False).encode() + b"\n"
    reseal(good_file, body)
    message = refused(good_file)
    assert "结构版本不同" in message and "0099_from_the_future" in message


@pytest.mark.django_db
def test_rows_with_other_columns_are_refused_and_nothing_written(good_file):
    body = lines(good_file)[:-1]
    index = first_row(body, "essays.point")
    row = json.loads(body[index])
    row["fields"]["importance"] = 3
    body[index] = json.dumps(row, ensure_ascii=False).encode() + b"\n"
    reseal(good_file, body)
    before = counts()
    assert "字段与本系统的不同" in refused(good_file)
    assert counts() == before


@pytest.mark.django_db
def test_rows_that_refer_to_nothing_are_refused_and_nothing_written(good_file):
    from essays.search.models import DictionaryTerm

    body = lines(good_file)[:-1]
    index = max(
        i for i, line in enumerate(body) if line.startswith(row_start("essays.point"))
    )
    row = json.loads(body[index])
    row["fields"]["essay_id"] = 987654321
    body[index] = json.dumps(row, ensure_ascii=False).encode() + b"\n"
    reseal(good_file, body)
    dictionary = sorted(DictionaryTerm.objects.values_list("word", flat=True))
    before = counts()
    assert "互相引用不上" in refused(good_file)
    assert counts() == before
    assert sorted(DictionaryTerm.objects.values_list("word", flat=True)) == dictionary


@pytest.mark.django_db
def test_an_unreadable_value_is_refused(good_file):
    body = lines(good_file)[:-1]
    index = first_row(body, "essays.collection")
    row = json.loads(body[index])
    row["fields"]["created_at"] = "昨天"
    body[index] = json.dumps(row, ensure_ascii=False).encode() + b"\n"
    reseal(good_file, body)
    assert "无法读取" in refused(good_file)


@pytest.mark.django_db
def test_an_export_that_cannot_be_written_leaves_no_file(tmp_path, imported_corpus):
    target = tmp_path / "missing" / "kb.jsonl"
    with pytest.raises(CommandError, match="无法写入.*所在的目录不存在"):
        export(target)
    assert not target.parent.exists()


@pytest.mark.django_db
def test_accounts_travel_without_passwords_unless_asked(tmp_path):
    from django.contrib.auth import get_user_model

    from essays.models import ApiToken
    from essays.services import tokens
    from essays.services.recording import ADMIN

    users = get_user_model().objects
    owner = users.create_user("zhubian", password="口令-甲-123456", is_staff=True)
    tokens.issue_token(owner, name="同步", scope="read", actor=owner, channel=ADMIN)
    path = tmp_path / "kb.jsonl"
    export(path, "--with-passwords")
    assert b"pbkdf2_sha256$" in path.read_bytes()
    wipe()
    restore(path)
    moved = users.get(username="zhubian")
    assert moved.is_active and moved.check_password("口令-甲-123456")
    export(path)  # the default (decisions.md): who, not how they sign in
    assert b"pbkdf2_sha256$" not in path.read_bytes()
    wipe()
    restore(path)
    restored = users.get(username="zhubian")
    assert restored.pk == owner.pk and restored.is_staff
    assert not restored.is_active and not restored.has_usable_password()
    assert ApiToken.objects.get().user == restored


@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_one_lands_the_other_is_refused(tmp_path):
    import threading

    from django.db import connection, connections

    from essays.models import Collection
    from tests.conftest import BUNDLED, store

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writing transactions itself")
    store(BUNDLED)
    path = tmp_path / "kb.jsonl"
    export(path)
    expected = counts()
    wipe()
    start = threading.Barrier(2)
    outcomes = []

    def import_once() -> None:
        start.wait()
        try:
            outcomes.append(("ok", restore(path)))
        except CommandError as error:
            outcomes.append(("refused", str(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
    assert "目标数据库已有内容" in dict(outcomes)["refused"]
    after = counts()
    assert after.pop("search.term") > 0
    expected.pop("search.term")
    assert after == expected
    assert Collection.objects.count() == 1
