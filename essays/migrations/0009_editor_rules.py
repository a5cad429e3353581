"""Watermark words become editor word-list entries (kind, site, who added them).

Existing rows are everyone's watermark words: `kind` "watermarks", no site.
Going back keeps only those, so `word` can be unique again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def keep_watermark_words(apps, schema_editor):
    """Every existing row was a watermark word for every site."""
    words = apps.get_model("essays", "WatermarkWord")
    words.objects.update(kind="watermarks", site="")


def drop_other_lists(apps, schema_editor):
    """Before 0009 the table held only watermark words, each once."""
    words = apps.get_model("essays", "WatermarkWord")
    words.objects.exclude(kind="watermarks", site="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("essays", "0008_revision_source_and_audit_entry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="watermarkword",
            options={
                "ordering": ["kind", "site", "word"],
                "verbose_name": "词表条目",
                "verbose_name_plural": "编辑词表",
            },
        ),
        migrations.AddField(
            model_name="watermarkword",
            name="added_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="添加人",
            ),
        ),
        migrations.AddField(
            model_name="watermarkword",
            name="kind",
            field=models.CharField(
                choices=[
                    ("watermarks", "水印词"),
                    ("furniture", "附加内容(短行中的短语)"),
                    ("furniture_lines", "附加内容(整行)"),
                    ("heading_cuts", "标题切分"),
                    ("label_words", "序号词(方法二:)"),
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
        migrations.AddField(
            model_name="watermarkword",
            name="site",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="只用于这个网站的文档;留空则用于所有文档。",
                max_length=100,
                verbose_name="来源网站",
            ),
        ),
        migrations.AlterField(
            model_name="watermarkword",
            name="word",
            field=models.CharField(
                help_text="标题切分时为标题保留的部分(序号之后、切分处之前)。",
                max_length=200,
                verbose_name="词或短语",
            ),
        ),
        migrations.RunPython(keep_watermark_words, drop_other_lists),
        migrations.AddConstraint(
            model_name="watermarkword",
            constraint=models.UniqueConstraint(
                fields=("kind", "site", "word"), name="editor_word_once_per_list"
            ),
        ),
    ]
