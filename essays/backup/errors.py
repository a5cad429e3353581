"""What can go wrong with a backup file; str() is the sentence shown."""


class BackupFailed(Exception):
    """An export or import that cannot go on; nothing was written."""


class NotABackup(BackupFailed):
    """Missing, unreadable, not JSON Lines, or another program's file."""


class WrongVersion(BackupFailed):
    """A file of this format written in a version this program cannot read."""


class Damaged(BackupFailed):
    """A truncated or altered file: its closing line is missing or disagrees."""


class SchemaMismatch(BackupFailed):
    """The file's tables or migrations differ from this database's."""


class NotEmpty(BackupFailed):
    """The target database already holds content."""
