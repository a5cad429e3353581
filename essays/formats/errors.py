"""Files the extractors refuse; str() is the Chinese sentence shown to the user.

Each failure has a class of its own so the edges can map it (the API to a
status and a stable code, the command to one line naming the file); all of
them are `ImportFailed`, so an edge that knows only the importer still shows
the sentence instead of a 500.
"""

from __future__ import annotations

from essays.importer.errors import EmptyDocument, ImportFailed, TooLarge


class EmptyFile(EmptyDocument):
    """A file of zero bytes, or a document with no text in it."""


class FileTooLarge(TooLarge):
    """An upload over the raw limit (5 MiB)."""


class UnpackedTooLarge(TooLarge):
    """A .docx/.pdf/.html whose text, or a zip whose parts, unpack too large."""


class TooManyPages(TooLarge):
    """A PDF with more pages than the page cap."""


class CorruptDocument(ImportFailed):
    """A file of a known format that cannot be read (broken zip, broken PDF)."""


class WrongExtension(ImportFailed):
    """The name says one format, the bytes are none the extractors read."""


class EncryptedDocument(ImportFailed):
    """A password-protected PDF or Word file."""


class ScannedPdf(ImportFailed):
    """A PDF without a text layer (page images only); no OCR here."""


class LegacyWordDocument(ImportFailed):
    """A Word 97–2003 .doc file, and no antiword to read it."""
