# Sections and points record when they last changed, so the API can answer
# Last-Modified for a whole tree. Existing rows get the migration's time.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0004_editor_and_publisher_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="point",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                default=django.utils.timezone.now,
                verbose_name="更新时间",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="section",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True,
                default=django.utils.timezone.now,
                verbose_name="更新时间",
            ),
            preserve_default=False,
        ),
    ]
