"""import_essays with .docx, .pdf, .html and .doc files, good and bad."""

import pytest

from essays.models import Collection, Essay
from tests.commands.test_import_essays import run
from tests.conftest import BUNDLED
from tests.formats.cases import (
    GOOD_FORMATS,
    bad_files,
    built,
    good_file,
    no_antiword,  # noqa: F401 (a fixture)
    reference_essays,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", GOOD_FORMATS)
def test_each_format_imports_the_reference_documents_essays(capsys, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(good_file(name))
    status, out, err = run(capsys, path)
    assert (status, err) == (0, "")
    assert Essay.objects.count() == reference_essays()
    assert Collection.objects.get().source_path == str(path)


@pytest.mark.usefixtures("no_antiword")
@pytest.mark.parametrize("case", bad_files())
def test_a_bad_file_gets_one_chinese_line_and_the_others_still_import(
    capsys, tmp_path, case
):
    bad = tmp_path / case.name
    bad.write_bytes(built(case))
    status, out, err = run(capsys, bad, BUNDLED)
    assert status == 1
    (line,) = err.strip().splitlines()
    assert line.startswith(f"{bad}：") and case.words in line
    assert any("\u4e00" <= char <= "\u9fff" for char in line)
    assert Collection.objects.get().source_path == str(BUNDLED)


def test_a_directory_is_refused_by_name(capsys, tmp_path):
    status, _, err = run(capsys, tmp_path)
    assert status == 1
    assert err.startswith(f"{tmp_path}：") and "不是文件" in err
