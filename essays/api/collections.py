"""DELETE /collections/{id}: a collection with its essays, sections and points."""

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from essays.api import routers
from essays.api.auth import require, token_of
from essays.api.routers import WRITE
from essays.models import Collection
from essays.schemas import IdParam
from essays.services import deleting, locks
from essays.services.recording import Channel


@routers.collections.delete(
    "/collections/{collection_id}",
    auth=WRITE,
    response={204: None},
    summary="Delete a collection",
)
def delete_collection(request: HttpRequest, collection_id: IdParam):
    """Delete the collection and everything in it (published: publishers only).

    The change feed (`/changes`) lists its essays as deleted; re-importing
    the document's bytes brings it back.
    """
    require(request, "essays.delete_collection", "essays.delete_essay")
    collection = get_object_or_404(Collection, pk=collection_id)
    token = token_of(request)
    acting = {"actor": token.user if token else None, "channel": Channel.api(token)}
    with transaction.atomic():
        locks.collection(collection.pk)
        deleting.delete_collection(collection, **acting)
    return Status(204, None)
