"""python -m essays.importer PATH...: the dry-run JSON report, without Django."""

from __future__ import annotations

import json
import sys

from essays.importer import parse
from essays.importer.errors import ImportFailed
from essays.importer.render import report_json


def main(paths: list[str]) -> int:
    """Parse each path; print the report; 1 if any file failed."""
    documents, errors = [], []
    for path in paths:
        try:
            with open(path, "rb") as file:
                raw = file.read()
            documents.append(parse(raw, path=path))
        except OSError as error:
            errors.append((path, f"无法读取文件：{error.strerror}"))
        except ImportFailed as error:
            errors.append((path, str(error)))
        else:
            continue
        print(f"{path}: {errors[-1][1]}", file=sys.stderr)
    report = report_json(documents, errors)
    sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("用法：python -m essays.importer PATH [PATH ...]")
    sys.exit(main(sys.argv[1:]))
