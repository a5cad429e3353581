"""The editor and publisher groups (issue 6): editors change content, publishers
may also publish. Permissions are created first: on a fresh database they do
not exist until post_migrate, which runs after every migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = [
    "collection",
    "essay",
    "section",
    "point",
    "topic",
    "taggedessay",
    "taggedpoint",
    "watermarkword",
    "importupload",
]
ACTIONS = ["view", "add", "change", "delete"]
GROUPS = {
    "editor": [],
    "publisher": ["publish_essay"],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    content = [f"{action}_{model}" for model in CONTENT for action in ACTIONS]
    for name, extra in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="essays", codename__in=content + extra
        )
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0003_watermark_words_and_import_uploads"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
