"""manage.py import_essays: the contract's command-line behaviour."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from essays.models import Collection, Essay, Point
from tests.conftest import BUNDLED, ROOT, SAMPLES


def run(capsys, *args) -> tuple[int, str, str]:
    """Run the command; its exit status, stdout and stderr."""
    try:
        call_command("import_essays", *map(str, args))
        status = 0
    except SystemExit as exit:
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


def comparable(document: dict) -> dict:
    document = {**document, "source": {**document["source"]}}
    document["source"].pop("path")
    document.pop("warnings", None)
    return document


@pytest.mark.django_db
def test_dry_run_json_matches_the_expected_tree(capsys, shared_dir):
    source = shared_dir / "corpus" / "jiceng-dangqun-gongzuo.txt"
    status, out, err = run(capsys, source, "--dry-run", "--json")
    assert (status, err) == (0, "")
    report = json.loads(out)
    expected = json.loads(source.with_suffix(".expected.json").read_text())
    assert report["errors"] == []
    assert report["documents"][0]["source"]["path"] == str(source)
    assert comparable(report["documents"][0]) == comparable(expected["documents"][0])
    assert not Collection.objects.exists()  # a dry run writes nothing


@pytest.mark.django_db
def test_dry_run_prints_chinese_unescaped(capsys):
    status, out, _ = run(capsys, BUNDLED, "--dry-run", "--json")
    assert status == 0
    assert "第一部分" in out and "\\u" not in out


BAD_FILES = {
    "binary.bin": (b"\x00\x01\x02PK\x03\x04" * 50, "二进制文件"),
    "empty.txt": (b" \n\t\n  \r\n", "文档是空的"),
    "latin1.txt": ("Café crème brûlée".encode("latin-1") * 3 + b"\xff\xfe", "UTF-8"),
    "garbled.txt": (b"An English page, not a Chinese document. " * 20, "乱码"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_files_get_one_line_naming_them_and_the_rest_still_run(
    capsys, tmp_path, name
):
    content, reason = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(content)
    status, out, err = run(capsys, bad, BUNDLED, "--dry-run", "--json")
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{bad}：")
    assert reason.lower() in lines[0].lower()
    report = json.loads(out)
    assert [e["path"] for e in report["errors"]] == [str(bad)]
    assert len(report["documents"]) == 1  # the good file is still reported


@pytest.mark.django_db
def test_oversized_and_missing_files_are_refused(capsys, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes("党".encode() * (2 * 1024 * 1024))  # 6 MiB
    missing = tmp_path / "missing.txt"
    status, _, err = run(capsys, big, missing)
    assert status == 1
    assert f"{big}：文件超过 5 MiB 的上限" in err
    assert f"{missing}：找不到文件 {missing}" in err
    assert not Collection.objects.exists()


@pytest.mark.django_db
def test_import_stores_and_reimport_changes_nothing(capsys):
    status, out, _ = run(capsys, BUNDLED, "--publish")
    assert status == 0
    assert "读取 1 份文档：5 篇文章、" in out
    assert "新建：5 篇文章、" in out
    counts = (Essay.objects.count(), Point.objects.count())
    assert Essay.objects.published().count() == 5
    status, out, _ = run(capsys, BUNDLED)
    assert status == 0 and "未改动：" in out
    assert (Essay.objects.count(), Point.objects.count()) == counts


@pytest.mark.django_db
def test_a_bad_file_among_good_ones_writes_the_good_ones_only(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 10)
    sample = sorted(SAMPLES.glob("*.txt"))[0]
    status, _, err = run(capsys, sample, bad, BUNDLED)
    assert status == 1 and str(bad) in err
    assert Collection.objects.count() == 2


@pytest.mark.django_db
def test_without_publish_the_summary_says_the_essays_are_drafts(capsys):
    _, out, _ = run(capsys, BUNDLED)
    assert "新文章是草稿" in out and "--publish" in out


@pytest.mark.django_db
def test_json_without_dry_run_reports_what_was_stored(capsys):
    status, out, _ = run(capsys, BUNDLED, "--json")
    report = json.loads(out)
    document = report["documents"][0]
    assert document["status"] == "created"
    assert document["essays"] == 5
    assert document["collection"] == Collection.objects.get().pk
    assert Essay.objects.published().count() == 0  # drafts without --publish


@pytest.mark.django_db
def test_changed_version_needs_replace_and_keeps_point_ids(capsys, tmp_path):
    run(capsys, BUNDLED, "--publish")
    kept = Point.objects.get(
        essay__position=1, section__position=1, parent=None, position=7
    )
    changed = tmp_path / "changed.txt"
    text = BUNDLED.read_text(encoding="utf-8")
    changed.write_text(text.replace("要管监督。", "要管好监督。"), encoding="utf-8")
    status, _, err = run(capsys, changed)
    assert status == 1 and "--replace" in err
    status, out, _ = run(capsys, changed, "--replace")
    assert status == 0 and "替换：" in out and "（其中 1 个改了标题）" in out
    kept.refresh_from_db()
    assert kept.title == "要管好监督。"
    assert Collection.objects.count() == 1


@pytest.mark.django_db
def test_bundled_corpus_loads_once_into_an_empty_database(capsys):
    call_command("load_bundled_corpus")
    assert Essay.objects.published().count() == 5
    call_command("load_bundled_corpus", "--with-samples")
    assert "未导入任何内容" in capsys.readouterr().out
    assert Collection.objects.count() == 1


@pytest.mark.django_db
def test_bundled_corpus_with_samples_marks_them_as_samples():
    call_command("load_bundled_corpus", "--with-samples")
    samples = Collection.objects.exclude(title__startswith="如何做好新时期")
    assert samples.count() == len(list(SAMPLES.glob("*.txt")))
    assert all("示例" in collection.title for collection in samples)
    newest = Essay.objects.published().order_by("-published_at", "-pk").first()
    assert newest.collection.title == "如何做好新时期的基层党群工作"


@pytest.mark.django_db
def test_ensure_superuser_creates_the_admin_once(monkeypatch, capsys):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-password-1")
    call_command("ensure_superuser")
    call_command("ensure_superuser")
    assert "已存在" in capsys.readouterr().out
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("a-long-password-1")


@pytest.mark.django_db
def test_create_api_token_prints_a_working_token_once(capsys, client):
    from django.contrib.auth import get_user_model

    from essays.models import ApiToken

    get_user_model().objects.create_user("portal")
    call_command("create_api_token", "portal", "--scope", "read-write")
    token = capsys.readouterr().out.strip()
    row = ApiToken.objects.get()
    assert token.startswith("kb_")
    assert token not in row.key_hash  # only its hash is stored
    response = client.get("/api/v1/essays", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    with pytest.raises(CommandError, match="没有名为 ghost 的用户"):
        call_command("create_api_token", "ghost")


def as_the_contract_writes_it(database, *args) -> subprocess.CompletedProcess:
    """`python manage.py import_essays …` in a fresh process: no secret key, no
    debug switch, a database nobody migrated (a fresh clone's)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        [sys.executable, "manage.py", "import_essays", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_contracts_dry_run_works_on_a_fresh_clone(tmp_path, shared_dir):
    reference = shared_dir / "corpus" / "jiceng-dangqun-gongzuo.txt"
    database = tmp_path / "db.sqlite3"
    done = as_the_contract_writes_it(database, reference, "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    expected = json.loads(
        (shared_dir / "corpus" / "jiceng-dangqun-gongzuo.expected.json").read_text(
            encoding="utf-8"
        )
    )
    assert [e["title"] for e in report["documents"][0]["essays"]] == [
        e["title"] for e in expected["documents"][0]["essays"]
    ]
    assert "数据库还没有建立" in done.stderr  # says what it could not use


def test_storing_into_an_unmigrated_database_is_a_clear_error(tmp_path, shared_dir):
    database = tmp_path / "db.sqlite3"
    done = as_the_contract_writes_it(database, BUNDLED)
    assert done.returncode != 0
    assert "请先运行 manage.py migrate" in done.stderr
    assert "Traceback" not in done.stderr
