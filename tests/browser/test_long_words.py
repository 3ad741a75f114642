"""A word longer than the line (an address, a compound) in what editors write never
widens a page nor pushes one card over another: a title, a footer link's label, a
location's name, the facts beside a role, a speech or a video (salary, speaker, venue)."""

import pytest
from django.utils import timezone

from careers.models import Location, RoleProfilePage
from core.models import SiteSettings
from news.models import NewsArticlePage, VideoTranscriptPage

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORD = "Sicherheitsbehördenzusammenarbeitsvereinbarungsentwurfsfassung"  # 63 letters


@pytest.fixture
def long_words(demo_site):
    article = NewsArticlePage.objects.live().order_by("-published_date").first()
    article.title = f"{LONG_WORD} explained"
    article.summary = f"About the {LONG_WORD}."
    article.published_date = timezone.localdate()  # the newest: on the home page too
    article.save_revision().publish()
    site_settings = SiteSettings.load()
    site_settings.footer_links.append(
        ("link", {"label": LONG_WORD, "page": None, "url": "https://example.org/"})
    )
    site_settings.save()
    location = Location.objects.order_by("pk").first()
    location.name = LONG_WORD
    location.save()
    role = RoleProfilePage.objects.live().order_by("pk").first()
    role.salary_text = f"£35,000+{LONG_WORD}"
    role.save_revision().publish()
    speech = NewsArticlePage.objects.live().filter(speaker__gt="").order_by("pk").first()
    speech.speaker, speech.delivered_at = LONG_WORD, LONG_WORD
    speech.save_revision().publish()
    video = VideoTranscriptPage.objects.live().order_by("pk").first()
    video.speakers = LONG_WORD
    video.save_revision().publish()
    return demo_site.url, [article.url, role.url, speech.url, video.url]


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_no_page_is_wider_than_the_screen(browser, long_words, width):
    site, pages = long_words
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    for path in ("/", "/news/", "/careers/", *pages):
        tab.goto(site + path)
        assert LONG_WORD in tab.content()
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()


@pytest.mark.parametrize("width", [768, 1280])
def test_cards_side_by_side_never_cover_each_other(browser, long_words, width):
    site, _pages = long_words
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site + "/")
    cards = tab.locator(".card-list--grid .card")
    assert cards.count() >= 2
    # Nothing in a card reaches past its edge, over the card beside it.
    overflowing = cards.evaluate_all(
        "cards => cards.filter(card => card.scrollWidth > card.clientWidth + 1).length"
    )
    assert overflowing == 0
    context.close()
