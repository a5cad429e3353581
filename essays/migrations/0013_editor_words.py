"""Field names and help an editor understands; Chinese punctuation in them.

Also renames the stored publish permission (auth_permission.name), which
Django writes once and never updates from Meta.permissions.
"""

from django.db import migrations, models

PERMISSION_NAMES = {
    "old": "Can publish and unpublish essays",
    "new": "可以发布和撤回文章",
}


def rename_permission(apps, schema_editor, *, to: str) -> None:
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="essays",
        content_type__model="essay",
        codename="publish_essay",
    ).update(name=PERMISSION_NAMES[to])


def forwards(apps, schema_editor) -> None:
    rename_permission(apps, schema_editor, to="new")


def backwards(apps, schema_editor) -> None:
    rename_permission(apps, schema_editor, to="old")


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0012_essay_typography"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="essay",
            options={
                "ordering": ["collection_id", "position"],
                "permissions": [("publish_essay", "可以发布和撤回文章")],
                "verbose_name": "文章",
                "verbose_name_plural": "文章",
            },
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="name",
            field=models.CharField(
                help_text="用途，如“学习平台同步”。",
                max_length=100,
                verbose_name="名称",
            ),
        ),
        migrations.AlterField(
            model_name="essay",
            name="position",
            field=models.PositiveIntegerField(verbose_name="在汇编中的顺序"),
        ),
        migrations.AlterField(
            model_name="essay",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="由标题的拼音生成；一经生成不再改变，以免链接失效。",
                max_length=60,
                unique=True,
                verbose_name="网址名",
            ),
        ),
        migrations.AlterField(
            model_name="importupload",
            name="size",
            field=models.PositiveIntegerField(
                editable=False, verbose_name="大小（字节）"
            ),
        ),
        migrations.AlterField(
            model_name="point",
            name="label",
            field=models.CharField(
                blank=True,
                help_text="照原文写，含标点，如“第一，”“（三）”“1、”。",
                max_length=40,
                verbose_name="编号",
            ),
        ),
        migrations.AlterField(
            model_name="point",
            name="number",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="编号代表的数字（第十为 10）；无编号的分组留空。",
                null=True,
                verbose_name="第几项",
            ),
        ),
        migrations.AlterField(
            model_name="point",
            name="position",
            field=models.PositiveIntegerField(
                help_text="在同级中的先后，从 1 开始；移动时自动调整。",
                verbose_name="顺序",
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="declared_count",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="标题里写明的条数，如“做好10件事”中的 10。",
                null=True,
                verbose_name="标题中说的条数",
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="label",
            field=models.CharField(
                blank=True,
                help_text="照原文写，含标点，如“二、”“第一部分：”。",
                max_length=40,
                verbose_name="编号",
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="number",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="编号代表的数字（第十为 10）；无编号的分组留空。",
                null=True,
                verbose_name="第几项",
            ),
        ),
        migrations.AlterField(
            model_name="section",
            name="position",
            field=models.PositiveIntegerField(
                help_text="在同级中的先后，从 1 开始；移动时自动调整。",
                verbose_name="顺序",
            ),
        ),
        migrations.AlterField(
            model_name="watermarkword",
            name="kind",
            field=models.CharField(
                choices=[
                    ("watermarks", "水印词"),
                    ("furniture", "附加内容（短行中的短语）"),
                    ("furniture_lines", "附加内容（整行）"),
                    ("heading_cuts", "标题切分"),
                    ("label_words", "编号词（方法二：）"),
                    ("heading_enders", "标题结尾词"),
                    ("sentence_openers", "句首词"),
                    ("badges", "标题后缀标记"),
                    ("notice_phrases", "网站提示语"),
                    ("question_words", "问句词"),
                    ("truncation", "截断提示"),
                    ("related", "相关推荐标题"),
                ],
                db_index=True,
                default="watermarks",
                max_length=30,
                verbose_name="词表",
            ),
        ),
        migrations.AlterField(
            model_name="watermarkword",
            name="site",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="只用于这个网站的文档；留空则用于所有文档。",
                max_length=100,
                verbose_name="来源网站",
            ),
        ),
        migrations.AlterField(
            model_name="watermarkword",
            name="word",
            field=models.CharField(
                help_text="标题切分时为标题保留的部分（编号之后、切分处之前）。",
                max_length=200,
                verbose_name="词或短语",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
