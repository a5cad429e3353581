"""Backup and restore of the whole knowledge base as one versioned file.

`export_kb` writes every row that is data (catalog.EXPORTED) as JSON Lines:
a header, one object per row grouped by model in dependency order and sorted
by primary key, and a closing line with the row counts and a SHA-256 of
everything before it. `import_kb` checks the file, loads it into an empty
database in one transaction with ids and timestamps exact, resets the
sequences and rebuilds what is derived (catalog.REBUILT). docs/operations.md.
"""

FORMAT = "jiceng-kb"
VERSION = 1
