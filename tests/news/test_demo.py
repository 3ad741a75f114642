"""Demo content: the news sections, six articles and five transcripts, loaded once."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.models import StandardPage
from demo import news as demo
from news.models import (
    NewsArticlePage,
    NewsIndexPage,
    VideoTranscriptIndexPage,
    VideoTranscriptPage,
)
from tests import factories


def counts():
    return {
        "pages": Page.objects.count(),
        "articles": NewsArticlePage.objects.count(),
        "transcripts": VideoTranscriptPage.objects.count(),
        "images": get_image_model().objects.count(),
    }


@pytest.mark.django_db
def test_demo_news_loads_twice_without_duplicates(demo_loaded):
    first = counts()
    call_command("load_demo_content", verbosity=0)

    assert counts() == first
    assert first["articles"] == 6
    assert first["transcripts"] == 5
    assert first["images"] >= 6
    home = Site.objects.get(is_default_site=True).root_page
    news = Page.objects.child_of(home).get(slug="news").specific
    assert isinstance(news, NewsIndexPage)
    assert news.show_in_menus
    transcripts = Page.objects.child_of(home).get(slug="video-transcripts").specific
    assert isinstance(transcripts, VideoTranscriptIndexPage)
    kinds = sorted(NewsArticlePage.objects.values_list("kind", flat=True))
    assert kinds == ["blog", "news", "news", "news", "news", "speech"]
    speech = NewsArticlePage.objects.get(kind="speech")
    assert speech.speaker == "Andrew Parker"
    assert speech.delivered_on.isoformat() == "2017-10-17"
    assert all(article.image_alt_text for article in NewsArticlePage.objects.all())


@pytest.mark.django_db
def test_demo_news_pages_render(client, demo_loaded):
    listing = client.get("/news/").content.decode()
    assert "MI5 marks LGBT+ History Month 2021" in listing
    for page in [*NewsArticlePage.objects.all(), *VideoTranscriptPage.objects.all()]:
        assert client.get(page.url).status_code == 200, page.url


def test_placeholders_are_replaced_in_place(sections):
    home = sections["home"]
    factories.standard_page(home, "Video transcripts", slug="video-transcripts")
    factories.standard_page(home, "Contact", slug="contact-and-reporting")
    before = list(Page.objects.child_of(home).values_list("slug", flat=True))

    demo.load(home)

    assert list(Page.objects.child_of(home).values_list("slug", flat=True)) == before
    children = {page.slug: page.specific for page in Page.objects.child_of(home)}
    assert isinstance(children["news"], NewsIndexPage)
    assert isinstance(children["video-transcripts"], VideoTranscriptIndexPage)
    assert children["news"].get_url() == "/news/"
    assert NewsArticlePage.objects.child_of(children["news"]).count() == 6


def test_a_placeholder_with_pages_under_it_is_left_alone(sections):
    home = sections["home"]
    factories.standard_page(sections["news"], "Something an editor added")

    demo.load(home)

    news = Page.objects.child_of(home).get(slug="news").specific
    assert type(news) is StandardPage
    assert not NewsArticlePage.objects.exists()
