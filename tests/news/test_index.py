"""The news index: newest first, ten a page, filters by kind and year, bad input is a 404."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def titles(response):
    html = response.content.decode()
    return re.findall(r'<h2 class="card__title">([^<]+)</h2>', html)


@pytest.fixture
def mixed_news(news_index):
    """Four articles of three kinds over two years, newest last here."""
    return [
        factories.news_article(news_index, "Old news", datetime.date(2019, 3, 1)),
        factories.news_article(news_index, "A blog", datetime.date(2020, 6, 1), kind="blog"),
        factories.news_article(news_index, "A speech", datetime.date(2020, 7, 1), kind="speech"),
        factories.news_article(news_index, "New news", datetime.date(2020, 8, 1)),
    ]


def test_lists_articles_newest_first_with_date_kind_summary_and_link(client, mixed_news):
    response = client.get("/news/")

    assert response.status_code == 200
    assert titles(response) == ["New news", "A speech", "A blog", "Old news"]
    html = response.content.decode()
    assert '<time datetime="2020-08-01">1 August 2020</time>' in html
    assert '<span class="card__kind">Speech</span>' in html
    assert ">Summary of A blog.</p>" in html
    assert (
        '<a href="/news/new-news/">Read full article'
        '<span class="visually-hidden">: New news</span></a>'
    ) in html


def test_ten_articles_a_page_and_the_second_page_holds_the_rest(client, news_index):
    for day in range(1, 13):
        factories.news_article(news_index, f"Day {day}", datetime.date(2021, 1, day))

    first = client.get("/news/")
    second = client.get("/news/?page=2")

    assert titles(first) == [f"Day {day}" for day in range(12, 2, -1)]
    assert titles(second) == ["Day 2", "Day 1"]
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_filter_by_kind(client, mixed_news):
    response = client.get("/news/?kind=news")

    assert titles(response) == ["New news", "Old news"]
    assert '<option value="news" selected>' in response.content.decode()
    # Its own feeds are offered beside the whole news's.
    html = client.get("/news/?kind=blog").content.decode()
    feeds = html[html.index('<p class="news-feeds">') :].split("</p>", 1)[0]
    assert 'href="/feeds/news/blog.atom"' in feeds and 'href="/feeds/news/blog.rss"' in feeds
    assert "/feeds/news/" not in client.get("/news/").content.decode()


def test_filter_by_year(client, mixed_news):
    response = client.get("/news/?year=2020")

    assert titles(response) == ["New news", "A speech", "A blog"]
    html = response.content.decode()
    assert '<option value="2020" selected>2020</option>' in html
    assert '<option value="2019">2019</option>' in html


def test_filters_combine_and_an_empty_result_says_so(client, mixed_news):
    assert titles(client.get("/news/?kind=blog&year=2020")) == ["A blog"]

    response = client.get("/news/?kind=speech&year=2019")

    assert response.status_code == 200
    assert titles(response) == []
    html = response.content.decode()
    assert "No articles match these choices." in html
    assert '<option value="2019" selected>2019</option>' in html


def test_pagination_links_keep_the_filters(client, news_index):
    for day in range(1, 13):
        factories.news_article(news_index, f"Blog {day}", datetime.date(2021, 2, day), kind="blog")
    factories.news_article(news_index, "Not a blog", datetime.date(2021, 3, 1))

    html = client.get("/news/?kind=blog&year=2021").content.decode()

    assert 'href="?kind=blog&amp;year=2021&amp;page=2" rel="next"' in html
    second = client.get("/news/?kind=blog&year=2021&page=2")
    assert titles(second) == ["Blog 2", "Blog 1"]


def page_title(client, address):
    """The page's own part of its <title>, without the site's name."""
    html = client.get(address).content.decode()
    return re.search(r"<title>([^<]*)</title>", html).group(1).rsplit(" | ", 1)[0]


def test_each_view_of_the_listing_has_a_title_of_its_own(client, news_index):
    """A filtered listing, or its second page, had the title of the whole listing's first
    page (WCAG 2.4.2): a screen reader's user heard "News" whatever they chose."""
    for day in range(1, 13):
        factories.news_article(news_index, f"Blog {day}", datetime.date(2021, 2, day), kind="blog")

    assert page_title(client, "/news/") == "News"
    assert page_title(client, "/news/?kind=blog") == "News: Blog posts"
    assert page_title(client, "/news/?year=2021") == "News: 2021"
    assert page_title(client, "/news/?kind=blog&year=2021&page=2") == (
        "News: Blog posts, 2021, page 2 of 2"
    )
    assert page_title(client, "/news/?page=2") == "News: page 2 of 2"


# Each bad query of the listing, asked in one test (the articles are built once).
BAD_QUERIES = [
    "page=abc",
    "page=0",
    "page=-1",
    "page=1.5",
    "page=99999",
    "page=" + "9" * 40,
    "kind=nonsense",
    "kind=NEWS",
    "year=abc",
    "year=99999",
    "year=20",
    "year=２０２０",
    "year=0000",
    "year=0999",
    # Years before the first news, or after this one: no listing (nor on offer).
    "year=1900",
    "year=1990",
    "kind=blog&year=1990",
    "year=9999",
]
HARMLESS_QUERIES = ["", "page=", "page=1", "kind=", "year=", "year=2019"]


def test_bad_parameters_are_not_found(client, mixed_news):
    answers = {query: client.get(f"/news/?{query}").status_code for query in BAD_QUERIES}

    assert answers == dict.fromkeys(BAD_QUERIES, 404)


def test_empty_or_harmless_parameters_give_a_page(client, mixed_news):
    answers = {query: client.get(f"/news/?{query}").status_code for query in HARMLESS_QUERIES}

    assert answers == dict.fromkeys(HARMLESS_QUERIES, 200)


def test_drafts_private_and_future_articles_stay_out(client, news_index, today, days_ago):
    factories.news_article(news_index, "Public", days_ago(1))
    factories.news_article(news_index, "Draft", days_ago(1), live=False)
    private = factories.news_article(news_index, "Private", days_ago(1))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    factories.news_article(news_index, "Tomorrow", today + datetime.timedelta(days=1))

    response = client.get("/news/")

    assert titles(response) == ["Public"]
    # The years filter counts only what is listed, so the future year is not offered.
    assert str(today.year + 1) not in re.findall(
        r'<option value="(\d+)"', response.content.decode()
    )


def test_an_article_dated_today_is_listed(client, news_index, today):
    factories.news_article(news_index, "Today", today)

    assert titles(client.get("/news/")) == ["Today"]


def test_head_links_to_the_feeds(client, news_index):
    html = client.get("/news/?kind=speech").content.decode()

    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/feeds/news.atom"' in html
    assert 'href="/feeds/news.rss"' in html
    assert 'href="/feeds/news/speech.atom"' in html
