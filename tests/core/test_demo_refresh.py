"""`load_demo_content --refresh` brings demo pages made by earlier versions up to date,
and leaves what editors made alone.

The demo is loaded once for the module (tests/conftest.py): each test starts from it as
this version loads it on an empty site, makes its own changes and rolls back to it.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from careers.models import RoleProfilePage, RoleProfileStoryLink, StaffStoryRoleLink
from core.models import HomePage, SiteSettings, StandardPage
from demo.core import CONTACT_BODY_WITH_TYPED_NUMBERS, migrated_home_body
from news.models import VideoTranscriptRelatedPage

LINK_MODELS = (RoleProfileStoryLink, StaffStoryRoleLink, VideoTranscriptRelatedPage)
BUSINESS_ROLES = "technology-graduate-development-programme-business-roles"

pytestmark = pytest.mark.usefixtures("demo_for_the_module")


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def contact_page():
    return StandardPage.objects.get(slug="contact-and-reporting")


def revisions():
    return Revision.objects.count()


def article(client, path):
    html = client.get(path).content.decode()
    return html[html.index("<h1>") : html.index("</article>")]


def sidebar(client, path):
    html = client.get(path).content.decode()
    return html[html.index('<aside class="sidebar"') : html.index("</aside>")]


@pytest.fixture
def old_demo(db):
    """Demo content as earlier versions left it: numbers typed into the contact page,
    related links without a sort order."""
    contact = contact_page()
    contact.body = CONTACT_BODY_WITH_TYPED_NUMBERS
    contact.save_revision().publish()
    for model in LINK_MODELS:
        model.objects.update(sort_order=None)


def test_refresh_takes_the_contact_pages_numbers_from_the_settings(client, old_demo):
    assert "There is no reporting form" in article(client, "/contact-and-reporting/")
    before = Revision.objects.for_instance(contact_page()).count()

    output = load_demo("--refresh")

    assert "Refreshed “Contact and reporting” (/contact-and-reporting/)" in output
    assert Revision.objects.for_instance(contact_page()).count() == before + 1
    assert not contact_page().has_unpublished_changes
    html = article(client, "/contact-and-reporting/")
    assert "There is no reporting form" not in html
    assert '<a href="/report-information/">report information online</a>' in html
    assert '<a href="tel:0800789321">call the hotline</a>' in html
    assert '<a class="phone-number__link" href="tel:999">999</a>' in html

    site_settings = SiteSettings.load()
    site_settings.hotline_number = "0800 111 222"
    site_settings.save()
    html = article(client, "/contact-and-reporting/")
    assert '<a class="phone-number__link" href="tel:0800111222">0800 111 222</a>' in html
    assert "789 321" not in html


def test_refresh_numbers_the_demo_links_in_the_order_they_were_made(client, old_demo):
    role = RoleProfilePage.objects.get(slug=BUSINESS_ROLES)
    before = Revision.objects.for_instance(role).count()

    load_demo("--refresh")

    for model in LINK_MODELS:
        assert not model.objects.filter(sort_order=None).exists(), model
    links = RoleProfileStoryLink.objects.filter(page=role).order_by("sort_order")
    assert [(link.story.slug, link.sort_order) for link in links] == [
        ("alex-business-enabler", 0),
        ("samira-occupational-psychologist", 1),
    ]
    latest = Revision.objects.for_instance(role).order_by("-pk").first()
    assert [link["sort_order"] for link in latest.content["related_story_links"]] == [0, 1]
    assert Revision.objects.for_instance(role).count() == before + 1
    html = sidebar(client, f"/careers/{BUSINESS_ROLES}/")
    assert html.index("Alex, Business Enabler") < html.index("Samira, Occupational Psychologist")
    assert "video transcript" not in html


def test_refresh_twice_changes_nothing_more(old_demo):
    load_demo("--refresh")
    count = revisions()

    output = load_demo("--refresh")

    assert revisions() == count
    assert "Refreshed" not in output
    assert "Left" not in output


def test_a_new_demo_needs_no_refresh(db):
    # The module's demo is a new one: loaded by this version on an empty site.
    count = revisions()

    output = load_demo("--refresh")

    assert revisions() == count
    assert "Refreshed" not in output
    for model in LINK_MODELS:
        assert not model.objects.filter(sort_order=None).exists(), model


def test_refresh_leaves_pages_editors_changed_alone(client, old_demo):
    contact = contact_page()
    contact.body = [("paragraph", "<p>Call us on 0800 000 000.</p>")]
    contact.save_revision().publish()
    role = RoleProfilePage.objects.get(slug=BUSINESS_ROLES)
    # Saved in the admin: the links have the order the editor gave them.
    for number, link in enumerate(RoleProfileStoryLink.objects.filter(page=role).order_by("-pk")):
        link.sort_order = number
        link.save()
    story = Page.objects.get(slug="alex-business-enabler").specific
    story.title = "Alex, Business Enabler (draft)"
    story.save_revision()  # a draft an editor is working on
    count = revisions()

    output = load_demo("--refresh")

    assert (
        "Left “Contact and reporting” (/contact-and-reporting/) alone: editors have changed it."
        in output
    )
    assert (
        "Left “Alex, Business Enabler” (/careers/alex-business-enabler/) alone: "
        "editors are working on it." in output
    )
    assert "0800 000 000" in article(client, "/contact-and-reporting/")
    links = RoleProfileStoryLink.objects.filter(page=role).order_by("sort_order")
    assert [link.story.slug for link in links] == [
        "samira-occupational-psychologist",
        "alex-business-enabler",
    ]
    assert StaffStoryRoleLink.objects.filter(page=story, sort_order=None).count() == 2
    # Only the demo pages nobody touched got a new revision, each said.
    refreshed = [line for line in output.splitlines() if line.startswith("Refreshed")]
    assert revisions() - count == len(refreshed)
    assert any("(/careers/samira-occupational-psychologist/)" in line for line in refreshed)
    for path in ("/contact-and-reporting/", role.url, "/careers/alex-business-enabler/"):
        assert not any(f"({path})" in line for line in refreshed), path


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("MI5 - The Security Service", "MI5 The Security Service"),  # an earlier default
        ("MI5 — Security Service", "MI5 — Security Service"),  # an editor's choice
    ],
)
def test_the_site_name_of_earlier_versions_loses_its_hyphen(db, before, after):
    site_settings = SiteSettings.load()
    site_settings.site_name = before
    site_settings.save()

    load_demo("--refresh")

    assert SiteSettings.load().site_name == after


HOME_BLOCKS = [
    "hero",
    "threat_level",
    "signposts",
    "latest_news",
    "promotion",
    "promotion",
    "quiz",
]


def home_page():
    return HomePage.objects.get()


def test_a_new_demo_home_page_is_made_of_blocks_that_signpost(client, db):
    # The module's demo is a new one: loaded by this version on an empty site.
    home = home_page()
    assert [block.block_type for block in home.body] == HOME_BLOCKS
    hero = home.body[0].value
    assert hero["image"] is not None and hero["image"].contextual_alt_text
    signposts = [s["page"].slug for s in home.body[2].value["signposts"]]
    assert signposts == ["what-we-do", "threat-levels", "careers", "report-information"]
    response = client.get("/")
    assert response.status_code == 200
    assert "Report information</a>" in response.content.decode()


def test_refresh_moves_an_earlier_demo_home_page_into_the_new_blocks(db):
    home = home_page()
    report = Page.objects.get(slug="report-information")
    home.body = migrated_home_body(report)
    home.save_revision().publish()

    output = load_demo("--refresh")

    assert "Refreshed “Keeping the country safe”" in output
    assert [block.block_type for block in home_page().body] == HOME_BLOCKS


def test_refresh_leaves_a_home_page_editors_changed_alone(db):
    home = home_page()
    home.body = [*migrated_home_body(None)[:-1]]  # an editor took the quiz away
    home.save_revision().publish()

    load_demo("--refresh")

    assert [block.block_type for block in home_page().body][-1] == "latest_news"


def test_every_demo_page_can_be_rolled_back_to_its_first_version(db):
    """Found by a review: demo versions were logged as published alone, and Wagtail offers
    a version to go back to only from an entry that saved it."""
    from wagtail.models import Page, PageLogEntry

    for page in Page.objects.filter(depth__gt=1):
        assert PageLogEntry.objects.filter(
            page=page, action="wagtail.edit", revision__isnull=False
        ).exists(), page
