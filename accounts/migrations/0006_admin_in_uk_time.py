"""Every date in the admin is UK time (settings.WAGTAIL_USER_TIME_ZONES): a zone chosen
in an account before that is forgotten, or Wagtail would still apply it."""

from django.db import migrations


def forget_chosen_time_zones(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(current_time_zone="").update(current_time_zone="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_security_event_detail_whole"),
        ("wagtailusers", "0007_userprofile_current_time_zone"),
    ]

    operations = [migrations.RunPython(forget_chosen_time_zones, migrations.RunPython.noop)]
