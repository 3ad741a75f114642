"""A database made before the models left `portal` keeps every row when it migrates.

portal 0006 renames the tables of HomePage, StandardPage, SiteSettings (to core),
FactOrFiction, QuizTally (to quiz) and IndependentApprovalTask (to editorial), and moves
their content types, so pages, quiz counts, permissions and workflow tasks stay theirs.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from core.models import HomePage, SiteSettings, StandardPage
from editorial.models import IndependentApprovalTask
from quiz.models import FactOrFiction, QuizTally

# Back to before the move: the new apps' migrations, and those depending on them, undone.
BEFORE_THE_MOVE = [
    ("portal", "0005_remove_listing_image"),
    ("quiz", None),
    ("core", None),
    ("editorial", None),
]
MOVED = {
    "homepage": "core",
    "standardpage": "core",
    "sitesettings": "core",
    "factorfiction": "quiz",
    "quiztally": "quiz",
    "independentapprovaltask": "editorial",
}


def migrate(targets):
    """Migrate to `targets`; the models as the applied migrations left them."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    # (Migrations a squashed one replaces are recorded as applied but are not nodes.)
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    return loader.project_state(applied).apps


def leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def rows_made_before_the_move(apps):
    """A home page with a standard page that chose a statement, a tally, site settings and
    a workflow task, made with the models as they were in `portal`."""
    OldPage = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.get_or_create(language_code="en-gb")[0]
    root = OldPage.objects.filter(depth=1).first()
    if root is None:
        root = OldPage.objects.create(
            title="Root",
            slug="root",
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            locale=locale,
            content_type=content_type(apps, "wagtailcore", "page"),
        )
    statement = apps.get_model("portal", "FactOrFiction").objects.create(
        statement="The Service was founded in 1909.",
        answer="fact",
        explanation="It began as the Secret Service Bureau.",
        active=True,
    )
    apps.get_model("portal", "QuizTally").objects.create(statement=statement, total=5, correct=4)
    home = apps.get_model("portal", "HomePage").objects.create(
        title="Home before the move",
        slug="home-before-the-move",
        path=root.path + "9999",
        depth=2,
        numchild=1,
        url_path="/home-before-the-move/",
        live=True,
        locale=locale,
        content_type=content_type(apps, "portal", "homepage"),
        summary="Made before the move.",
    )
    apps.get_model("portal", "StandardPage").objects.create(
        title="About before the move",
        slug="about",
        path=home.path + "0001",
        depth=3,
        numchild=0,
        url_path=home.url_path + "about/",
        live=True,
        locale=locale,
        content_type=content_type(apps, "portal", "standardpage"),
        quiz_statement=statement,
    )
    apps.get_model("portal", "SiteSettings").objects.create(site_name="Named before the move")
    task = apps.get_model("portal", "IndependentApprovalTask").objects.create(
        name="Approval before the move",
        active=True,
        content_type=content_type(apps, "portal", "independentapprovaltask"),
    )
    group = apps.get_model("auth", "Group").objects.create(name="Approvers before the move")
    task.groups.add(group)
    OldPermission = apps.get_model("auth", "Permission")
    permission = OldPermission.objects.get_or_create(
        content_type=content_type(apps, "portal", "sitesettings"),
        codename="change_sitesettings",
        defaults={"name": "Can change site settings"},
    )[0]
    group.permissions.add(permission)
    return home.pk


@pytest.mark.django_db(transaction=True)
def test_rows_made_in_portal_are_found_in_their_new_apps_and_the_move_can_be_undone():
    # One test, as each migration back and forth takes some seconds.
    leaves = leaf_nodes()
    old_apps = migrate(BEFORE_THE_MOVE)
    home_pk = rows_made_before_the_move(old_apps)

    migrate(leaves)
    ContentType.objects.clear_cache()

    home = Page.objects.get(pk=home_pk).specific
    assert type(home) is HomePage
    assert home.summary == "Made before the move."
    about = home.get_children().get().specific
    assert type(about) is StandardPage
    assert about.quiz_statement.statement == "The Service was founded in 1909."
    assert QuizTally.objects.get(statement=about.quiz_statement).correct == 4
    assert FactOrFiction.objects.for_page(about) == about.quiz_statement
    assert SiteSettings.objects.get().site_name == "Named before the move"
    task = IndependentApprovalTask.objects.get(name="Approval before the move")
    assert task.specific == task
    assert list(task.groups.values_list("name", flat=True)) == ["Approvers before the move"]
    permission = Permission.objects.get(group__name="Approvers before the move")
    assert permission.content_type.app_label == "core"
    assert Group.objects.get(name="Approvers before the move").permissions.get() == permission
    # Each moved model has one content type, under its new app.
    for model, app_label in MOVED.items():
        assert list(
            ContentType.objects.filter(model=model).values_list("app_label", flat=True)
        ) == [app_label]

    # Undone: the rows are the old apps' again.
    old_apps = migrate(BEFORE_THE_MOVE)

    OldHomePage = old_apps.get_model("portal", "HomePage")
    assert OldHomePage.objects.get(pk=home_pk).summary == "Made before the move."
    assert old_apps.get_model("portal", "QuizTally").objects.get().total == 5
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    assert OldContentType.objects.filter(app_label="portal", model="homepage").exists()
    migrate(leaves)
    ContentType.objects.clear_cache()
