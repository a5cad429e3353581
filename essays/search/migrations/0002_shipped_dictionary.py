from django.db import migrations

from essays.search.dictionary import SHIPPED_TERMS


def seed(apps, schema_editor):
    DictionaryTerm = apps.get_model("search", "DictionaryTerm")
    DictionaryTerm.objects.bulk_create(
        [DictionaryTerm(word=word, note="随系统提供") for word in SHIPPED_TERMS],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
