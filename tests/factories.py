"""Builders for test data. Small and explicit: each returns saved, published objects."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from core.models import HomePage, SiteSettings, StandardPage
from editorial.roles import apply_roles
from threats.models import (
    MissionPage,
    ThreatCategoryPage,
    ThreatLevelSettings,
    ThreatLevelsPage,
)

TEST_PASSWORD = "a-long-test-password"


def home_page(**fields):
    """A HomePage at the root of the default site, with the latest news and the quiz."""
    root = Page.get_first_root_node()
    fields.setdefault("title", "Home")
    fields.setdefault(
        "body", [("latest_news", {"heading": "Latest news", "count": 3}), ("quiz", None)]
    )
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
    sections = {
        "home": home,
        "threat_levels": publish_child(
            home, ThreatLevelsPage(title="Threat levels", slug="threat-levels")
        ),
        "careers": standard_page(home, "Careers", show_in_menus=True),
        "news": standard_page(home, "News", show_in_menus=True),
        "privacy": standard_page(home, "Privacy", slug="privacy"),
    }
    # Settings rows exist on every real site, with footer links to pages, as the demo has.
    site_settings = SiteSettings.load()
    site_settings.footer_links = [
        ("link", {"label": "Privacy", "page": sections["privacy"], "url": ""}),
        ("link", {"label": "Elsewhere", "page": None, "url": "https://example.org/"}),
    ]
    site_settings.save()
    # As on a real site, a manager has set the levels (a new site shows none: not yet
    # published, tests/threats/test_unpublished_level.py).
    ThreatLevelSettings.objects.get_or_create(
        defaults={
            "national_level": "SUBSTANTIAL",
            "national_changed_at": timezone.now(),
            "ni_level": "SUBSTANTIAL",
            "ni_changed_at": timezone.now(),
        }
    )
    return sections


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
    from quiz.models import FactOrFiction

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


def careers_index(home, **fields):
    """The careers index at /careers/, replacing the placeholder standard page if there is one."""
    from careers.models import CareersIndexPage

    Page.objects.child_of(home).filter(slug="careers").delete()
    home.refresh_from_db()
    fields.setdefault("title", "Careers")
    fields.setdefault("show_in_menus", True)
    return publish_child(home, CareersIndexPage(slug="careers", **fields))


def career_area(name, slug=None):
    from careers.models import CareerArea

    return CareerArea.objects.get_or_create(
        slug=slug or name.lower().replace(" ", "-"), defaults={"name": name}
    )[0]


def career_location(name, slug=None):
    from careers.models import Location

    return Location.objects.get_or_create(
        slug=slug or name.lower().replace(" ", "-"), defaults={"name": name}
    )[0]


def role_profile(index, title, *, locations=(), live=True, **fields):
    """A role profile under the careers index; open with no closing time unless told."""
    from careers.models import RoleProfilePage

    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("reference", fields["slug"][:32].upper())
    fields.setdefault("summary", f"Summary of {title}.")
    fields.setdefault("apply_url", f"https://apply.example.org/{fields['reference']}")
    if "career_area" not in fields:
        fields["career_area"] = career_area("Technology")
    page = RoleProfilePage(title=title, **fields)
    page.locations.set(locations)
    if live:
        return publish_child(index, page)
    page.live = False
    index.add_child(instance=page)
    page.save_revision()
    return page


def staff_story(index, title, **fields):
    from careers.models import StaffStoryPage

    fields.setdefault("slug", title.lower().replace(" ", "-").replace(",", ""))
    fields.setdefault("first_name", title.split(",")[0])
    fields.setdefault("role_title", "Analyst")
    return publish_child(index, StaffStoryPage(title=title, **fields))


def totp_device(user, *, confirmed=True):
    """A real django-otp authenticator device for the user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)


def totp_code(device, *, steps=0):
    """The code the user's app shows now, or `steps` time steps later or earlier."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_two_factor(client, user, device=None):
    """A signed-in session verified with a real TOTP code posted to the code step."""
    device = device or totp_device(user)
    client.force_login(user)
    response = client.post(reverse("accounts_two_factor_verify"), {"code": totp_code(device)})
    assert response.status_code == 302, "the code was refused"
    return device
