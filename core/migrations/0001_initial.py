# The models below moved here from the `portal` app, keeping their rows: this migration
# only records them in this app's state. portal 0006 renames their tables to this app's
# names and moves their content types, so pages, revisions and permissions keep theirs.

import django.core.validators
import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0005_remove_listing_image'),
        ('quiz', '0001_initial'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('site_name', models.CharField(default='MI5 - The Security Service', max_length=100, verbose_name='site name')),
                        ('emergency_text', models.CharField(default='In an emergency, or if there is an imminent threat, call', help_text='Shown at the very top of every page, before the emergency number.', max_length=200, verbose_name='emergency text')),
                        ('emergency_number', models.CharField(default='999', max_length=32, validators=[django.core.validators.RegexValidator('^\\+?[0-9][0-9 ()-]{1,30}$', 'Enter a phone number using digits, spaces and an optional leading +.')], verbose_name='emergency number')),
                        ('hotline_label', models.CharField(default='Anti-Terrorist Hotline', max_length=100, verbose_name='hotline name')),
                        ('hotline_number', models.CharField(default='0800 789 321', max_length=32, validators=[django.core.validators.RegexValidator('^\\+?[0-9][0-9 ()-]{1,30}$', 'Enter a phone number using digits, spaces and an optional leading +.')], verbose_name='hotline number')),
                        ('footer_links', wagtail.fields.StreamField([('link', 3)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 80}), 1: ('wagtail.blocks.PageChooserBlock', (), {'label': 'Page', 'required': False}), 2: ('wagtail.blocks.URLBlock', (), {'label': 'Other address', 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('label', 0), ('page', 1), ('url', 2)]], {})}, verbose_name='footer links')),
                    ],
                    options={
                        'verbose_name': 'site settings',
                    },
                ),
                migrations.CreateModel(
                    name='HomePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.page')),
                        ('summary', models.TextField(blank=True, help_text='One or two sentences, shown in listings and search results.', max_length=300, verbose_name='summary')),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                        ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('quote', 9)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading'), ('h3', 'Sub-heading')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('core.blocks.ParagraphBlock', (), {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Attribution', 'max_length': 120, 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('quote', 7), ('attribution', 8)]], {})}, verbose_name='body')),
                    ],
                    options={
                        'verbose_name': 'home page',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='StandardPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.page')),
                        ('summary', models.TextField(blank=True, help_text='One or two sentences, shown in listings and search results.', max_length=300, verbose_name='summary')),
                        ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('quote', 9)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading'), ('h3', 'Sub-heading')], 'label': 'Level'}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('core.blocks.ParagraphBlock', (), {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image'}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Caption', 'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'label': 'Quote'}), 8: ('wagtail.blocks.CharBlock', (), {'label': 'Attribution', 'max_length': 120, 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('quote', 7), ('attribution', 8)]], {})}, verbose_name='body')),
                        ('quiz_statement', models.ForeignKey(blank=True, help_text="Shown in this page's sidebar while it is active. Leave empty for the newest one.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='quiz.factorfiction', verbose_name='Fact or Fiction statement')),
                    ],
                    options={
                        'verbose_name': 'standard page',
                    },
                    bases=('wagtailcore.page',),
                ),
            ],
        ),
    ]
