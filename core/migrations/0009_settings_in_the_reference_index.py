"""The site and search settings' links to pages, counted as uses of those pages from now
on (core.apps, search.apps), are indexed for the rows that exist already; Wagtail's
signals keep them current after that."""

from django.db import migrations, transaction


def index_settings(apps, schema_editor):
    from wagtail.models import ReferenceIndex

    for label in ("core.SiteSettings", "search.SearchSettings"):
        for row in apps.get_model(label).objects.all():
            with transaction.atomic():
                ReferenceIndex.create_or_update_for_object(row)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_latest_news_count_read_as_a_number"),
        ("search", "0001_initial"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(index_settings, migrations.RunPython.noop)]
