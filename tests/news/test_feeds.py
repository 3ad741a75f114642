"""Atom and RSS feeds: valid XML, the required elements, newest first, nothing hidden."""

import datetime
import html
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_news(news_index, today, days_ago):
    factories.news_article(news_index, "Oldest", days_ago(30))
    factories.news_article(news_index, "Speech", days_ago(20), kind="speech")
    factories.news_article(news_index, "Newest", days_ago(10), summary="The newest one.")
    factories.news_article(news_index, "Blog", days_ago(15), kind="blog")
    factories.news_article(news_index, "Draft", days_ago(1), live=False)
    private = factories.news_article(news_index, "Private", days_ago(1))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.news_article(news_index, "Future", today + datetime.timedelta(days=3))


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)


def test_atom_feed_has_required_elements_newest_first(client, feed_news):
    feed = atom(client, "/feeds/news.atom")

    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    assert feed.find(f"{ATOM}title").text.startswith("News | ")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Newest",
        "Blog",
        "Speech",
        "Oldest",
    ]
    newest = entries[0]
    assert newest.find(f"{ATOM}link").get("href") == "http://localhost/news/newest/"
    assert newest.find(f"{ATOM}id").text == "http://localhost/news/newest/"
    assert newest.find(f"{ATOM}updated").text
    assert newest.find(f"{ATOM}summary").text == "The newest one."
    published = [entry.find(f"{ATOM}published").text for entry in entries]
    assert published == sorted(published, reverse=True)


def test_rss_feed_has_required_elements_newest_first(client, feed_news, days_ago):
    channel = rss(client, "/feeds/news.rss").find("channel")

    assert channel.find("title").text.startswith("News | ")
    assert channel.find("link").text == "http://localhost/news/"
    assert channel.find("description").text
    items = channel.findall("item")
    assert [item.find("title").text for item in items] == ["Newest", "Blog", "Speech", "Oldest"]
    first = items[0]
    assert first.find("link").text == "http://localhost/news/newest/"
    assert first.find("description").text == "The newest one."
    assert days_ago(10).strftime("%d %b %Y") in first.find("pubDate").text
    assert first.find("guid").text == "http://localhost/news/newest/"


@pytest.mark.parametrize("extension", ["atom", "rss"])
def test_kind_feeds_hold_only_that_kind(client, feed_news, extension):
    response = client.get(f"/feeds/news/speech.{extension}")

    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if extension == "atom":
        found = [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]
        title = root.find(f"{ATOM}title").text
    else:
        found = [item.find("title").text for item in root.find("channel").findall("item")]
        title = root.find("channel").find("title").text
    assert found == ["Speech"]
    assert title.startswith("Speeches | ")


@pytest.mark.parametrize(
    "url",
    ["/feeds/news/nonsense.atom", "/feeds/news/nonsense.rss", "/feeds/news/NEWS.rss"],
)
def test_unknown_kind_feeds_are_not_found(client, news_index, url):
    assert client.get(url).status_code == 404


def test_feeds_are_valid_when_there_is_no_news(client, news_index):
    feed = atom(client, "/feeds/news.atom")
    assert feed.findall(f"{ATOM}entry") == []
    assert rss(client, "/feeds/news.rss").find("channel").findall("item") == []


def test_every_page_links_to_the_feeds_in_its_head(client, sections):
    html = client.get("/").content.decode()
    head = html[: html.index("</head>")]

    assert (
        '<link rel="alternate" type="application/atom+xml" title="News (Atom)" '
        'href="/feeds/news.atom">'
    ) in head
    assert (
        '<link rel="alternate" type="application/rss+xml" title="News (RSS)" '
        'href="/feeds/news.rss">'
    ) in head


@pytest.mark.parametrize("host", ["testserver", "[::1]:8000"])
def test_every_address_in_a_feed_is_the_sites_whatever_host_was_asked(
    client, feed_news, settings, host
):
    settings.ALLOWED_HOSTS = ["testserver", "[::1]"]

    feed = ET.fromstring(client.get("/feeds/news.atom", HTTP_HOST=host).content)

    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/feeds/news.atom"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://localhost/news/"
    entries = feed.findall(f"{ATOM}entry")
    assert {entry.find(f"{ATOM}id").text for entry in entries} == {
        f"http://localhost/news/{slug}/" for slug in ("newest", "blog", "speech", "oldest")
    }


def test_a_summary_is_shown_by_readers_as_typed_whatever_it_holds(client, news_index, days_ago):
    # A vertical tab is what Word's line break becomes when pasted; U+FFFE is no
    # character at all. Neither can be in XML: Django's feed writer refused the first
    # (a 500 for every reader until 20 newer articles pushed it out).
    summary = "Fish & <i>chips</i>, &lt;\x0bnext line\ufffe"
    factories.news_article(news_index, "Odd", days_ago(1), summary=summary)

    entry = atom(client, "/feeds/news.atom").find(f"{ATOM}entry")
    item = rss(client, "/feeds/news.rss").find("channel").find("item")

    # Summaries are HTML to feed readers: what they show is the text as typed.
    shown = "Fish & <i>chips</i>, &lt; next line"
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert html.unescape(entry.find(f"{ATOM}summary").text) == shown
    assert html.unescape(item.find("description").text) == shown


@pytest.mark.parametrize("url", ["/feeds/news.atom", "/feeds/news.rss", "/feeds/news/blog.rss"])
def test_any_site_may_read_the_feeds_and_their_etag(client, feed_news, url):
    """From a page's script on another site, as the threat level's feeds."""
    response = client.get(url)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Expose-Headers"] == "ETag"
    assert response["ETag"]
