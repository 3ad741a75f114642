# The models below moved here from the `portal` app, keeping their rows: this migration
# only records them in this app's state. portal 0006 renames their tables to this app's
# names and moves their content types, so pages, revisions and permissions keep theirs.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_remove_listing_image'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FactOrFiction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('statement', models.CharField(help_text='One sentence that visitors judge to be fact or fiction.', max_length=255, verbose_name='statement')),
                        ('answer', models.CharField(choices=[('fact', 'Fact'), ('fiction', 'Fiction')], max_length=8, verbose_name='correct answer')),
                        ('explanation', models.TextField(help_text='Two or three sentences shown after the visitor answers.', max_length=600, verbose_name='explanation')),
                        ('active', models.BooleanField(default=True, help_text='Only active statements are shown and may be answered.', verbose_name='active')),
                        ('activated_at', models.DateTimeField(blank=True, editable=False, help_text='When the statement last became active; the newest is shown by default.', null=True, verbose_name='activated at')),
                        ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                    ],
                    options={
                        'verbose_name': 'Fact or Fiction statement',
                        'verbose_name_plural': 'Fact or Fiction statements',
                        'indexes': [models.Index(fields=['active', '-activated_at'], name='portal_fof_active_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='QuizTally',
                    fields=[
                        ('statement', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='quiz.factorfiction', verbose_name='statement')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='answers')),
                        ('correct', models.PositiveIntegerField(default=0, verbose_name='correct answers')),
                    ],
                    options={
                        'verbose_name': 'quiz tally',
                        'verbose_name_plural': 'quiz tallies',
                    },
                ),
            ],
        ),
    ]
