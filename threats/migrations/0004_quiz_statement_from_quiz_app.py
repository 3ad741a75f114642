# The Fact or Fiction statements moved from `portal` to `quiz` (quiz 0001, portal 0006):
# the foreign key is the same column on the same rows; only the model it names changes.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('threats', '0003_remove_listing_image'),
        ('quiz', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='threatcategorypage',
                    name='quiz_statement',
                    field=models.ForeignKey(blank=True, help_text="Shown in this page's sidebar while it is active. Leave empty for the newest one.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='quiz.factorfiction', verbose_name='Fact or Fiction statement'),
                ),
            ],
        ),
    ]
