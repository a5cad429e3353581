"""python -m essays.importer, and the importer's independence from Django."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_importer_imports_without_django():
    code = "import sys, essays.importer; assert 'django' not in sys.modules, 'django'"
    assert run("-c", code).returncode == 0


def test_command_prints_the_report_and_names_bad_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("如何做好工作\n一、加强学习。要学。\n", encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02")
    result = run("-m", "essays.importer", str(good), str(bad))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [d["source"]["path"] for d in report["documents"]] == [str(good)]
    assert report["errors"][0]["path"] == str(bad)
    assert result.stderr.strip().splitlines() == [
        f"{bad}: {report['errors'][0]['error']}"
    ]
    assert "如何做好工作" in result.stdout  # UTF-8, not ASCII-escaped


def test_command_exits_zero_when_every_file_parses(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("如何做好工作\n正文。\n", encoding="utf-8")
    result = run("-m", "essays.importer", str(good))
    assert result.returncode == 0 and result.stderr == ""
