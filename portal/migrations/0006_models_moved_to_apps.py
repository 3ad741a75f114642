"""The models of `portal` move to the apps named for their job, keeping every row.

core: HomePage, StandardPage, SiteSettings; quiz: FactOrFiction, QuizTally; editorial:
IndependentApprovalTask. Their new apps' first migrations record them in state only;
here their tables take the new apps' names (a rename: rows, keys and the foreign keys
pointing at them stay) and their content types move with them, so every page,
revision, log entry and permission that names a content type keeps pointing at it.
"""

from django.db import migrations

MOVED = {
    "homepage": "core",
    "standardpage": "core",
    "sitesettings": "core",
    "factorfiction": "quiz",
    "quiztally": "quiz",
    "independentapprovaltask": "editorial",
}


def move_content_types(apps, schema_editor, moves):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, (old_label, new_label) in moves.items():
        if ContentType.objects.filter(app_label=new_label, model=model).exists():
            continue  # created already (a database migrated app by app): left as it is
        ContentType.objects.filter(app_label=old_label, model=model).update(app_label=new_label)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, {m: ("portal", a) for m, a in MOVED.items()})


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, {m: (a, "portal") for m, a in MOVED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0005_remove_listing_image"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("quiz", "0001_initial"),
        ("editorial", "0001_initial"),
        ("careers", "0003_quiz_statement_from_quiz_app"),
        ("news", "0003_quiz_statement_from_quiz_app"),
        ("threats", "0004_quiz_statement_from_quiz_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=model, table=f"{app}_{model}")
                for model, app in MOVED.items()
            ],
            state_operations=[
                # Those pointing at others first.
                migrations.DeleteModel(name="QuizTally"),
                migrations.DeleteModel(name="StandardPage"),
                migrations.DeleteModel(name="HomePage"),
                migrations.DeleteModel(name="SiteSettings"),
                migrations.DeleteModel(name="FactOrFiction"),
                migrations.DeleteModel(name="IndependentApprovalTask"),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
