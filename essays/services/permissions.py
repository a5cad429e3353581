"""Publishing is a publisher's act, on every path (decisions.md, "Permissions").

Whatever takes published content off the site, changes it while published or
puts it back (import with replace, undo, recover, revert, delete, publish,
unpublish) needs `essays.publish_essay`. The services check it here, once,
before they write; the edges translate the refusal (API 403 with a code, an
admin message, a command's error line).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

PUBLISH_PERMISSION = "essays.publish_essay"


class PublishPermissionRequired(PermissionDenied):
    """An editor's attempt at a publisher's act; str() is shown to them."""

    code = "publish_permission_required"
    status = 403


def may_publish(actor) -> bool:
    """Whether `actor` may publish. None is the machine's operator (a command)."""
    return actor is None or actor.has_perm(PUBLISH_PERMISSION)


def require_publisher(actor, *, act: str) -> None:
    """Refuse `act` (a phrase: “撤回已发布的文章”) unless `actor` may publish."""
    if not may_publish(actor):
        raise PublishPermissionRequired(
            f"只有拥有发布权限的人才能{act}；请联系发布者处理，内容未作任何改动。"
        )


def require_publisher_if(published: Iterable[object], actor, *, act: str) -> None:
    """`require_publisher` when `published` (published rows involved) is not empty."""
    if any(True for _ in published):
        require_publisher(actor, act=act)
