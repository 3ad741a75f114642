"""The latest news block: three newest published articles, on home and in sidebars."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

import serving
from news.models import NewsArticlePage
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def block(html):
    """The latest news on the home page (cards), or in a sidebar."""
    start = html.index('<section class="latest-news')
    return html[start : html.index("</section>", start)]


def test_three_newest_published_articles_on_the_home_page(client, news_index, days_ago):
    for days in (5, 1, 3, 4):
        factories.news_article(news_index, f"{days} days ago", days_ago(days), kind="blog")

    latest = block(client.get("/").content.decode())

    assert re.findall(r"<h3[^>]*>([^<]+)</h3>", latest) == [
        "1 days ago",
        "3 days ago",
        "4 days ago",
    ]
    assert ">Summary of 1 days ago.</p>" in latest
    assert (
        '<a href="/news/1-days-ago/">Read full article'
        '<span class="visually-hidden">: 1 days ago</span></a>'
    ) in latest
    assert '<a href="/news/">View all news</a>' in latest


def test_block_is_in_a_news_articles_sidebar(client, sections, news_index, days_ago):
    factories.news_article(news_index, "Sidebar story", days_ago(1))
    reading = factories.news_article(news_index, "Being read", days_ago(30))

    html = client.get(reading.url).content.decode()

    sidebar = html[html.index('<aside class="sidebar"') : html.index("</aside>")]
    assert "Latest news" in sidebar
    assert "Sidebar story" in sidebar
    assert '<a href="/news/">View all news</a>' in sidebar


@pytest.mark.parametrize("keep", [False, True], ids=["built each time", "kept per process"])
def test_a_sidebar_leaves_out_the_article_being_read(
    client, sections, news_index, days_ago, settings, commits_at_once, keep
):
    settings.SERVING_KEEP_IN_PROCESS = keep  # the list is a fragment kept per process
    serving.forget_everything()
    for days in (1, 2, 3, 4):
        factories.news_article(news_index, f"{days} days ago", days_ago(days))
    newest = NewsArticlePage.objects.get(title="1 days ago")
    older = NewsArticlePage.objects.get(title="4 days ago")

    def listed(page):
        html = client.get(page.url).content.decode()
        return re.findall(r"<h3[^>]*>([^<]+)</h3>", block(html))

    # Reading the newest, the next three; reading another, the three newest.
    assert listed(newest) == ["2 days ago", "3 days ago", "4 days ago"]
    assert listed(older) == ["1 days ago", "2 days ago", "3 days ago"]
    assert listed(newest) == ["2 days ago", "3 days ago", "4 days ago"]  # kept apart


def test_drafts_private_and_future_articles_never_show(client, news_index, today, days_ago):
    factories.news_article(news_index, "Visible", days_ago(10))
    factories.news_article(news_index, "Draft", days_ago(1), live=False)
    private = factories.news_article(news_index, "Private", days_ago(1))
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret-word"
    )
    factories.news_article(news_index, "Future", today + datetime.timedelta(days=2))

    latest = block(client.get("/").content.decode())

    assert "Visible" in latest
    for hidden in ("Draft", "Private", "Future"):
        assert hidden not in latest
    assert [page.title for page in NewsArticlePage.objects.newest()] == ["Visible"]


def test_articles_under_a_private_index_never_show(client, news_index, days_ago):
    factories.news_article(news_index, "Behind a login", days_ago(1))
    PageViewRestriction.objects.create(page=news_index, restriction_type="login")

    assert NewsArticlePage.objects.newest() == []
    assert "Behind a login" not in client.get("/").content.decode()


def test_empty_block_says_so_and_hides_the_link_without_a_news_index(client, sections):
    latest = block(client.get("/").content.decode())

    assert "There is no news yet." in latest
    assert "View all news" not in latest


def test_latest_news_honours_the_limit(news_index, days_ago):
    for days in range(1, 6):
        factories.news_article(news_index, f"Story {days}", days_ago(days))

    assert [page.title for page in NewsArticlePage.objects.newest(limit=2)] == [
        "Story 1",
        "Story 2",
    ]
