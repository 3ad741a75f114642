# Site.site_name follows the site settings' name from now on (SiteSettings.save): the
# admin showed a site by its host name ("localhost") while the Site had none. Existing
# sites take the settings' name, or, where no settings row exists yet, the fallback name
# when they have none of their own.

from django.conf import settings
from django.db import migrations, models


def name_sites(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    row = apps.get_model("core", "SiteSettings").objects.first()
    if row is not None:
        Site.objects.exclude(site_name=row.site_name).update(site_name=row.site_name)
    else:
        Site.objects.filter(site_name="").update(site_name=settings.PORTAL_FALLBACK["site_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_page_url_path_index"),
        # The settings table has its name in this app from here on.
        ("portal", "0006_models_moved_to_apps"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sitesettings",
            name="site_name",
            field=models.CharField(
                default="MI5 - The Security Service",
                help_text="Shown on every page, and as the site's name in the admin.",
                max_length=100,
                verbose_name="site name",
            ),
        ),
        migrations.RunPython(name_sites, migrations.RunPython.noop),
    ]
