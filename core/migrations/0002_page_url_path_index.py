# Routing finds a page by its url_path in one query (core.routing), but Wagtail does not
# index that column: at 10,000 articles each lookup read the whole page table (1.9 ms on
# SQLite, every uncached request). Wagtail's Page is not this project's model, so the index
# is made in SQL; both SQLite and PostgreSQL accept this statement.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_url_path ON wagtailcore_page (url_path)",
            reverse_sql="DROP INDEX IF EXISTS core_page_url_path",
        ),
        # The navigation and listings ask for the pages at one depth below another page
        # (depth = n AND path LIKE 'parent%'): SQLite cannot use the path index for a LIKE.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS core_page_depth_path ON wagtailcore_page (depth, path)",
            reverse_sql="DROP INDEX IF EXISTS core_page_depth_path",
        ),
    ]
