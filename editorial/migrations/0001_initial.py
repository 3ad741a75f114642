# The models below moved here from the `portal` app, keeping their rows: this migration
# only records them in this app's state. portal 0006 renames their tables to this app's
# names and moves their content types, so pages, revisions and permissions keep theirs.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('portal', '0005_remove_listing_image'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='IndependentApprovalTask',
                    fields=[
                        ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                        ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
                    ],
                    options={
                        'verbose_name': 'independent group approval task',
                        'verbose_name_plural': 'independent group approval tasks',
                    },
                    bases=('wagtailcore.task',),
                ),
            ],
        ),
    ]
