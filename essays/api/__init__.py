"""The JSON API's routers (mounted on the NinjaAPI in kb/api.py).

Importing the handler modules registers their operations on the routers.
"""

from essays.api import collections, imports, reads, routers, writes  # noqa: F401

ROUTERS = [
    routers.essays,
    routers.sections,
    routers.points,
    routers.topics,
    routers.collections,
    routers.search,
    routers.imports,
    routers.changes,
]
