"""Failures a user can see when importing; str() is the sentence shown.

Each message is Chinese (decisions.md, "Language and messages"): what went
wrong and what to do. The caller names the file (`bad.bin: 不是 UTF-8 …`).
"""

from __future__ import annotations


class ImportFailed(Exception):
    """A document that cannot be imported; str() is shown to the user."""

    message = "无法导入此文件"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)


class NotText(ImportFailed):
    """Binary data, or bytes that are neither UTF-8 nor GB18030."""

    message = "不是 UTF-8 或 GB18030 编码的文本，请另存为 UTF-8 文本后再导入"


class EmptyDocument(ImportFailed):
    """Nothing but whitespace or site furniture."""

    message = "文档是空的，没有正文，请检查是否选错了文件"


class Garbled(ImportFailed):
    """Too few Han characters to be a Chinese document (mojibake, junk)."""

    message = "文字像是乱码（汉字太少），请检查文件编码或是否为中文文档"


class TooLarge(ImportFailed):
    """Over the size limit (5 MiB); the API answers 413."""

    message = "文件超过 5 MiB 的上限，请拆分成几个文件再导入"


class TooManyNodes(ImportFailed):
    """More sections and points than one document may hold (5,000)."""

    message = "文档的章节和要点超过 5,000 个，请拆分成几个文件再导入"
