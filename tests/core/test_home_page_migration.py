"""core 0006 moves the home page into blocks: its introduction becomes the hero, its body
stays as it was, and the latest news and the quiz the template used to add become blocks.
Revisions move with it, and the migration can be undone."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Page, Revision

from core.models import HomePage

BEFORE = [("core", "0005_site_name_without_hyphen")]
INTRO = "<p>We keep the country safe.</p>"
BODY = [
    {"type": "heading", "value": {"text": "What you can do", "level": "h2"}, "id": "a1"},
    {"type": "paragraph", "value": "<p>Report it.</p>", "id": "a2"},
]


def migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    applied = [key for key in loader.applied_migrations if key in loader.graph.nodes]
    return loader.project_state(applied).apps


@pytest.mark.django_db(transaction=True)
def test_the_home_page_moves_into_blocks_with_its_revisions_and_back():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    home_type = ContentType.objects.get_or_create(app_label="core", model="homepage")[0]
    Locale = old.get_model("wagtailcore", "Locale")
    locale = Locale.objects.get_or_create(language_code="en-gb")[0]
    OldPage = old.get_model("wagtailcore", "Page")
    root = OldPage.objects.filter(depth=1).first() or OldPage.objects.create(
        title="Root",
        slug="root",
        path="0001",
        depth=1,
        numchild=0,
        url_path="/",
        locale=locale,
        content_type=ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0],
    )
    home = old.get_model("core", "HomePage").objects.create(
        title="Home before blocks",
        slug="home-before-blocks",
        path=root.path + "9998",
        depth=2,
        numchild=0,
        url_path="/home-before-blocks/",
        live=True,
        locale=locale,
        content_type=home_type,
        intro=INTRO,
        body=json.dumps(BODY),
    )
    content = {"pk": home.pk, "title": home.title, "intro": INTRO, "body": json.dumps(BODY)}
    revision = old.get_model("wagtailcore", "Revision").objects.create(
        content_type=home_type,
        base_content_type=home_type,
        object_id=str(home.pk),
        object_str=home.title,
        content=content,
        created_at=timezone.now(),
    )

    migrate(leaves)

    page = Page.objects.get(pk=home.pk).specific
    assert type(page) is HomePage
    kinds = [block.block_type for block in page.body]
    assert kinds == ["hero", "heading", "paragraph", "latest_news", "quiz"]
    assert page.body[0].value["text"].source == INTRO
    assert page.body[1].value["text"] == "What you can do"
    assert page.body[3].value["count"] == 3
    stored = Revision.objects.get(pk=revision.pk)
    assert "intro" not in stored.content
    assert [b["type"] for b in json.loads(stored.content["body"])] == kinds
    # The revision still makes a page (drafts, previews, the history).
    assert [b.block_type for b in stored.as_object().body] == kinds

    old = migrate(BEFORE)

    undone = old.get_model("core", "HomePage").objects.get(pk=home.pk)
    assert undone.intro == INTRO
    assert [block.block_type for block in undone.body] == ["heading", "paragraph"]
    migrate(leaves)
