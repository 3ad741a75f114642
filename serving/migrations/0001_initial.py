import django.utils.timezone
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("serving", "CacheGeneration").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="CacheGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=1)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("next_change_at", models.DateTimeField(blank=True, null=True)),
                ("next_change_for", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "cache generation"},
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
