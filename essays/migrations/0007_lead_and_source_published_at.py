# Names that said something else (issue 10): an essay's `body` is its lead
# (开头), and a collection's `published_at` is the source site's upload time,
# not our publication time.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0006_content_version"),
    ]

    operations = [
        migrations.RenameField(model_name="essay", old_name="body", new_name="lead"),
        migrations.RenameField(
            model_name="collection",
            old_name="published_at",
            new_name="source_published_at",
        ),
        migrations.AlterField(
            model_name="collection",
            name="source_published_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="网站上传时间"
            ),
        ),
    ]
