"""The admin's delete pages for collections and essays: counts, not rows.

Django's confirmation page collects every row it would delete (163,334 for
one legal-size import: a 500 after 31 s); these list the chosen objects and
count what goes with them, and the delete itself is the bulk service's.
"""

from django.db.models import Q

from essays.models import Essay, Point, Section
from essays.services.permissions import may_publish


class BulkDeleteMixin:
    """get_deleted_objects() by counting; `essay_filter` reaches the essays."""

    essay_filter = "pk__in"  # lookup from an Essay to the chosen objects' ids

    def get_deleted_objects(self, objs, request):
        chosen = [obj.pk for obj in objs]
        essays = Essay.objects.filter(Q(**{self.essay_filter: chosen}))
        counts = {
            Essay._meta.verbose_name_plural: essays.count(),
            Section._meta.verbose_name_plural: Section.objects.filter(
                essay__in=essays
            ).count(),
            Point._meta.verbose_name_plural: Point.objects.filter(
                essay__in=essays
            ).count(),
        }
        if self.model is not Essay:
            counts = {self.model._meta.verbose_name_plural: len(chosen), **counts}
        needed = {
            str(model._meta.verbose_name)
            for model in (self.model, Essay, Section, Point)
            if not request.user.has_perm(
                f"{model._meta.app_label}.delete_{model._meta.model_name}"
            )
        }
        if essays.published().exists() and not may_publish(request.user):
            needed.add("已发布的文章（需要发布权限）")
        summary = [f"{self.model._meta.verbose_name}：{obj}" for obj in objs]
        return summary, counts, needed, []


def essay_is_published(obj) -> bool:
    """Whether the essay `obj` is, or belongs to, is published."""
    essay_id = obj.pk if isinstance(obj, Essay) else obj.essay_id
    return Essay.objects.filter(pk=essay_id).published().exists()


class PublishedTreeDeleteMixin:
    """Sections and points of a published essay: only a publisher deletes them.

    The service refuses anyway (decisions.md, "Permissions"); the admin does
    not offer what the service would refuse.
    """

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and not may_publish(request.user)
            and essay_is_published(obj)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        summary, counts, needed, protected = super().get_deleted_objects(objs, request)
        essay_ids = {obj.essay_id for obj in objs}
        published = Essay.objects.filter(pk__in=essay_ids).published()
        if not may_publish(request.user) and published.exists():
            needed.add("已发布文章中的部分或要点（需要发布权限）")
        return summary, counts, needed, protected
