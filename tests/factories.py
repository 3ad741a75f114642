"""Builders for test data. Small and explicit: each returns saved, published objects."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Site

from portal.models import HomePage, SiteSettings, StandardPage
from portal.roles import apply_roles
from threats.models import (
    MissionPage,
    ThreatCategoryPage,
    ThreatLevelSettings,
    ThreatLevelsPage,
)

TEST_PASSWORD = "a-long-test-password"


def home_page(**fields):
    """A HomePage at the root of the default site."""
    root = Page.get_first_root_node()
    fields.setdefault("title", "Home")
    home = HomePage(slug="test-home", **fields)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80},
    )
    return home


def standard_page(parent, title, *, slug=None, live=True, **fields):
    page = StandardPage(title=title, slug=slug or title.lower().replace(" ", "-"), **fields)
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save_revision()
        page.save()
    return page


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def mission_page(parent, **fields):
    fields.setdefault("title", "What we do")
    fields.setdefault("slug", "what-we-do")
    fields.setdefault("headline", "We protect the country.")
    fields.setdefault("statutory_role", "<p>Set in law.</p>")
    return publish_child(parent, MissionPage(**fields))


def threat_category(mission, title, **fields):
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    return publish_child(mission, ThreatCategoryPage(title=title, **fields))


def site_with_sections():
    """Home with the sections the foundation knows: threat levels and careers."""
    home = home_page()
    # Settings rows exist on every real site; create them as load_demo_content does.
    SiteSettings.load()
    ThreatLevelSettings.load()
    return {
        "home": home,
        "threat_levels": publish_child(
            home, ThreatLevelsPage(title="Threat levels", slug="threat-levels")
        ),
        "careers": standard_page(home, "Careers", show_in_menus=True),
        "news": standard_page(home, "News", show_in_menus=True),
    }


def user(username, *groups, password=TEST_PASSWORD, **fields):
    """A user in the named groups; the groups get their permissions from setup_roles."""
    apply_roles()
    account = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=password, **fields
    )
    account.groups.set(Group.objects.filter(name__in=groups))
    return account


def settings_edit_url(instance):
    """The admin edit URL of a Wagtail settings row."""
    meta = instance._meta
    return reverse("wagtailsettings:edit", args=[meta.app_label, meta.model_name, instance.pk])


def quiz_statement(statement="Spies always wear trench coats.", **fields):
    """A Fact or Fiction statement, active unless told otherwise."""
    from portal.models import FactOrFiction

    fields.setdefault("answer", FactOrFiction.Answer.FICTION)
    fields.setdefault("explanation", "Most of the work happens at a desk.")
    return FactOrFiction.objects.create(statement=statement, **fields)


def news_index(home, **fields):
    """The news index at /news/, replacing the placeholder standard page if there is one."""
    from news.models import NewsIndexPage

    Page.objects.child_of(home).filter(slug="news").delete()
    home.refresh_from_db()
    fields.setdefault("title", "News")
    fields.setdefault("show_in_menus", True)
    return publish_child(home, NewsIndexPage(slug="news", **fields))


def news_article(index, title, published_date, *, kind="news", live=True, **fields):
    """An article of the given kind; a draft when live is False."""
    from news.models import NewsArticlePage

    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("summary", f"Summary of {title}.")
    if kind == "speech":
        fields.setdefault("speaker", "A speaker")
    page = NewsArticlePage(title=title, kind=kind, published_date=published_date, **fields)
    if live:
        return publish_child(index, page)
    page.live = False
    index.add_child(instance=page)
    page.save_revision()
    return page


def video_transcripts_index(home, **fields):
    from news.models import VideoTranscriptIndexPage

    fields.setdefault("title", "Video transcripts")
    fields.setdefault("slug", "video-transcripts")
    return publish_child(home, VideoTranscriptIndexPage(**fields))


def video_transcript(index, title, **fields):
    from news.models import VideoTranscriptPage

    fields.setdefault("slug", title.lower().replace(" ", "-"))
    return publish_child(index, VideoTranscriptPage(title=title, **fields))
