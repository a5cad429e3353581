"""Word 97–2003 .doc: read with antiword when it is installed, else refused."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from essays.formats.errors import CorruptDocument, EmptyFile, LegacyWordDocument
from essays.formats.extracted import Extracted, join_lines

ANTIWORD_TIMEOUT = 60  # seconds; a .doc is at most 5 MiB
REFUSED = "这是旧版 Word 文件（.doc），无法直接读取；请在 Word 中另存为 .docx 后再上传"


def extract_doc(raw: bytes) -> Extracted:
    """The text of a .doc through antiword (Debian package `antiword`)."""
    antiword = shutil.which("antiword")
    if antiword is None:
        raise LegacyWordDocument(REFUSED)
    with tempfile.NamedTemporaryFile(suffix=".doc") as file:
        file.write(raw)
        file.flush()
        try:
            # -w 0: one paragraph a line, not wrapped at 80 columns.
            result = subprocess.run(
                [antiword, "-m", "UTF-8.txt", "-w", "0", file.name],
                capture_output=True,
                timeout=ANTIWORD_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise CorruptDocument(REFUSED) from error
    if result.returncode != 0:
        raise CorruptDocument(REFUSED)
    lines = [
        line.strip() for line in result.stdout.decode("utf-8", "replace").split("\n")
    ]
    lines = [line for line in lines if line]
    if not lines:
        raise EmptyFile("这个 Word 文档里没有文字，请检查是否选错了文件")
    return Extracted(text=join_lines(lines), format="doc")
