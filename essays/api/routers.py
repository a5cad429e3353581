"""One Router per resource; reads and writes of a path share its router.

Django resolves a path to one view, so every method of a path must live on
the same router; each operation names its own auth (open reads, token writes).
"""

from ninja import Router

from essays.api.auth import ImportToken, OptionalToken, WriteToken

READ = OptionalToken()
WRITE = WriteToken()
IMPORT = ImportToken()

essays = Router(tags=["essays"])
sections = Router(tags=["sections"])
points = Router(tags=["points"])
topics = Router(tags=["topics"])
collections = Router(tags=["collections"])
search = Router(tags=["search"])
imports = Router(tags=["imports"])
changes = Router(tags=["changes"])
