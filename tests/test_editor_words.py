"""Field names an editor understands (issue 15), stored where Django keeps them."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from essays.models import Essay, Point, Section


@pytest.mark.django_db
def test_the_publish_permission_is_named_in_chinese_in_the_database():
    permission = Permission.objects.get(codename="publish_essay")
    assert permission.name == "可以发布和撤回文章"


@pytest.mark.django_db(transaction=True)
def test_the_permission_rename_runs_both_ways():
    executor = MigrationExecutor(connection)
    executor.migrate([("essays", "0012_essay_typography")])
    assert (
        Permission.objects.get(codename="publish_essay").name
        == "Can publish and unpublish essays"
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Permission.objects.get(codename="publish_essay").name == "可以发布和撤回文章"


@pytest.mark.parametrize("model", [Section, Point])
def test_tree_fields_use_editors_words(model):
    names = {
        field.name: str(field.verbose_name)
        for field in model._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    assert names["position"] == "顺序"
    assert names["number"] == "第几项"
    assert names["label"] == "编号"
    jargon = {"序号", "序数", "声明件数", "位置"}
    assert not jargon & set(names.values())
    for name in ("position", "number", "label"):
        assert model._meta.get_field(name).help_text


def test_section_count_and_essay_order_say_what_they_mean():
    assert (
        str(Section._meta.get_field("declared_count").verbose_name) == "标题中说的条数"
    )
    assert str(Essay._meta.get_field("position").verbose_name) == "在汇编中的顺序"
