"""Failures a user can see when importing; str() is the sentence shown."""


class ImportFailed(Exception):
    """A document that cannot be imported; str() is shown to the user."""


class NotText(ImportFailed):
    """Binary data, or bytes that are neither UTF-8 nor GB18030."""


class EmptyDocument(ImportFailed):
    """Nothing but whitespace or site furniture."""


class Garbled(ImportFailed):
    """Too few Han characters to be a Chinese document (mojibake, junk)."""


class TooLarge(ImportFailed):
    """Over the size limit (5 MiB); the API answers 413."""


class TooManyNodes(ImportFailed):
    """More sections and points than one document may hold (5,000)."""
