"""Article pages: the published date, speech details, image, related articles, privacy."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.actions.copy_page import CopyPageAction
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from core.models import StandardPage
from core.queries import top_level_pages, view_restrictions
from core.routing import find_page
from demo.core import paragraph
from news.models import NewsArticlePage, NewsArticleRelatedLink
from serving.process import serving
from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def test_article_shows_published_date_kind_body_and_sidebar(client, news_index):
    factories.news_article(
        news_index,
        "Lights on",
        datetime.date(2020, 4, 16),
        body=[paragraph("<p>The building was lit blue.</p>")],
    )

    response = client.get("/news/lights-on/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Lights on</h1>" in html
    assert 'Published\n        <time datetime="2020-04-16">16 April 2020</time>' in html
    assert '<p class="article-kind">News</p>' in html
    assert "<p>The building was lit blue.</p>" in html
    assert '<aside class="sidebar"' in html
    assert "Latest news" in html


def test_speech_shows_speaker_role_place_and_date(client, news_index):
    factories.news_article(
        news_index,
        "A speech",
        datetime.date(2017, 10, 17),
        kind="speech",
        speaker="Andrew Parker",
        speaker_role="Director General",
        delivered_at="Thames House, London",
        delivered_on=datetime.date(2017, 10, 17),
    )

    html = client.get("/news/a-speech/").content.decode()

    assert "<dd>Andrew Parker, Director General</dd>" in html
    assert "<dd>Thames House, London</dd>" in html
    # Published the day it was delivered: the date once, not twice.
    assert "Delivered on" not in html
    assert html.count('<time datetime="2017-10-17">17 October 2017</time>') == 1
    speech = NewsArticlePage.objects.get(slug="a-speech")
    speech.published_date = datetime.date(2017, 10, 18)
    speech.save_revision().publish()
    html = client.get("/news/a-speech/").content.decode()
    assert '<dd><time datetime="2017-10-17">17 October 2017</time></dd>' in html


def test_news_article_has_no_speech_details(client, news_index):
    factories.news_article(news_index, "Plain", datetime.date(2020, 1, 1), speaker="Someone")

    assert "speech-details" not in client.get("/news/plain/").content.decode()


def test_published_date_defaults_to_the_day_of_first_publication(news_index):
    article = NewsArticlePage(title="Undated", slug="undated", published_date=None, live=False)
    news_index.add_child(instance=article)
    assert article.published_date is None

    article.save_revision().publish()

    article.refresh_from_db()
    assert article.published_date == timezone.localdate(article.first_published_at)


@pytest.mark.parametrize("keep_live", [False, True], ids=["as a draft", "published"])
def test_a_copy_is_dated_when_it_is_first_published_not_on_its_original_s_day(
    news_index, keep_live
):
    """A copy used as a template kept last year's date: listed under that year, dated so
    in the feeds."""
    original = factories.news_article(news_index, "Pay gap 2020", datetime.date(2020, 12, 17))

    copy = CopyPageAction(
        original,
        to=news_index,
        update_attrs={"title": "Pay gap 2021", "slug": "pay-gap-2021"},
        keep_live=keep_live,
    ).execute()

    copy = NewsArticlePage.objects.get(pk=copy.pk)
    if not keep_live:
        assert copy.published_date is None
        assert copy.get_latest_revision_as_object().published_date is None
        copy.save_revision().publish()
        copy.refresh_from_db()
    assert copy.published_date == timezone.localdate()
    assert NewsArticlePage.objects.get(pk=original.pk).published_date == datetime.date(2020, 12, 17)


def test_a_date_cleared_later_takes_the_day_of_first_publication_again(news_index):
    """Not today's: the article would jump to the top of the listings and feeds."""
    article = factories.news_article(news_index, "Old news", datetime.date(2019, 5, 1))
    NewsArticlePage.objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=400)
    )
    article.refresh_from_db()

    article.published_date = None
    article.save_revision().publish()

    article.refresh_from_db()
    assert article.published_date == timezone.localdate(article.first_published_at)
    assert article.published_date != timezone.localdate()


def test_an_editor_chosen_date_is_kept_on_publication(news_index):
    article = factories.news_article(news_index, "Backdated", datetime.date(2001, 2, 3))

    article.save_revision().publish()

    article.refresh_from_db()
    assert article.published_date == datetime.date(2001, 2, 3)


def test_an_image_needs_alt_text(news_index):
    image = get_image_model().objects.create(title="Pic", file=get_test_image_file())
    article = NewsArticlePage(title="Pictured", slug="pictured", image=image)

    with pytest.raises(ValidationError) as error:
        news_index.add_child(instance=article)

    assert "image_alt_text" in error.value.message_dict


def test_image_is_shown_with_its_alt_text(client, news_index):
    image = get_image_model().objects.create(title="Pic", file=get_test_image_file())
    factories.news_article(
        news_index,
        "Pictured",
        datetime.date(2020, 1, 1),
        image=image,
        image_alt_text="Blue light on a stone building",
    )

    html = client.get("/news/pictured/").content.decode()

    assert 'alt="Blue light on a stone building"' in html


def test_a_speech_needs_a_speaker(news_index):
    with pytest.raises(ValidationError) as error:
        news_index.add_child(instance=NewsArticlePage(title="S", slug="s", kind="speech"))

    assert "speaker" in error.value.message_dict


def test_related_articles_fall_back_to_the_latest_of_the_same_kind_not_in_the_latest_news(
    client, news_index
):
    for day in range(1, 8):
        factories.news_article(news_index, f"Blog {day}", datetime.date(2020, 1, day), kind="blog")
    factories.news_article(news_index, "Newer news", datetime.date(2020, 2, 1))
    factories.news_article(
        news_index, "Draft blog", datetime.date(2020, 3, 1), kind="blog", live=False
    )

    article = NewsArticlePage.objects.get(slug="blog-6")

    # Beside it, the latest news lists Newer news, Blog 7 and Blog 5.
    assert [page.title for page in article.related_articles()] == ["Blog 4", "Blog 3", "Blog 2"]
    html = client.get("/news/blog-6/").content.decode()
    related = html[html.index('id="related-articles-heading"') :]
    related, latest = related.split("</section>", 1)
    assert [title in related for title in ("Blog 4", "Blog 3", "Blog 2")] == [True] * 3
    assert [title in latest for title in ("Newer news", "Blog 7", "Blog 5")] == [True] * 3
    assert not any(f"Blog {day}<" in latest for day in (2, 3, 4, 6))


def test_chosen_related_articles_come_first_in_the_editors_order(client, news_index):
    article = factories.news_article(news_index, "Main", datetime.date(2020, 1, 10))
    other_kind = factories.news_article(news_index, "Blog", datetime.date(2019, 1, 1), kind="blog")
    older = factories.news_article(news_index, "Older", datetime.date(2018, 1, 1))
    factories.news_article(
        news_index, "Same kind, newest", datetime.date(2020, 1, 9), slug="same-kind-newest"
    )
    NewsArticleRelatedLink.objects.create(page=article, article=older, sort_order=0)
    NewsArticleRelatedLink.objects.create(page=article, article=other_kind, sort_order=1)

    assert [page.title for page in article.related_articles()] == ["Older", "Blog"]
    html = client.get("/news/main/").content.decode()
    start = html.index('id="related-articles-heading"')
    related = html[start : html.index("</section>", start)]
    assert related.index("Older") < related.index("Blog")
    assert "Same kind, newest" not in related


def latest_news_of(html):
    start = html.index('id="latest-news-heading"')
    return html[start : html.index("</section>", start)]


def test_the_latest_news_beside_an_article_skips_its_chosen_related_articles(
    client, news_index, settings
):
    settings.SERVING_KEEP_IN_PROCESS = True  # the fragment is kept, with what it skips
    for day in range(1, 8):
        factories.news_article(news_index, f"News {day}", datetime.date(2021, 1, day))
    main, plain = (NewsArticlePage.objects.get(slug=slug) for slug in ("news-3", "news-2"))
    for order, slug in enumerate(("news-7", "news-5")):
        related = NewsArticlePage.objects.get(slug=slug)
        NewsArticleRelatedLink.objects.create(page=main, article=related, sort_order=order)

    html = client.get(main.url).content.decode()

    latest = latest_news_of(html)
    assert [f"News {day}<" in latest for day in (7, 6, 5, 4)] == [False, True, False, True]
    assert "News 2<" in latest  # the third, in place of those skipped
    assert "News 3<" not in latest and "News 1<" not in latest
    # Another article's latest news, kept too, is its own.
    latest = latest_news_of(client.get(plain.url).content.decode())
    assert [f"News {day}<" in latest for day in (7, 6, 5, 4)] == [True, True, True, False]


def test_a_private_chosen_article_is_not_shown_as_related(news_index):
    article = factories.news_article(news_index, "Main", datetime.date(2020, 1, 10))
    secret = factories.news_article(news_index, "Secret", datetime.date(2020, 1, 1))
    public = factories.news_article(news_index, "Public", datetime.date(2019, 1, 1), kind="blog")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    NewsArticleRelatedLink.objects.create(page=article, article=secret, sort_order=0)
    NewsArticleRelatedLink.objects.create(page=article, article=public, sort_order=1)

    assert [page.title for page in article.related_articles()] == ["Public"]


@pytest.mark.parametrize("restricted", ["article", "index", "home"])
def test_restricted_articles_are_not_served_to_the_public(client, news_index, restricted):
    article = factories.news_article(news_index, "Secret", datetime.date(2020, 1, 1))
    page = {"article": article, "index": news_index, "home": news_index.get_parent()}[restricted]
    PageViewRestriction.objects.create(page=page, restriction_type="login")

    response = client.get("/news/secret/")

    assert response.status_code == 302
    assert "next=/news/secret/" in response["Location"]


def test_drafts_and_unknown_articles_are_not_found(client, news_index):
    factories.news_article(news_index, "Draft", datetime.date(2020, 1, 1), live=False)

    assert client.get("/news/draft/").status_code == 404
    assert client.get("/news/no-such-article/").status_code == 404


def test_an_article_is_routed_in_one_query_as_its_section_says_what_it_is(
    rf, news_index, django_assert_num_queries
):
    """core.routing.only_type_at: a news index holds articles alone."""
    article = factories.news_article(news_index, "Found", datetime.date(2020, 1, 1))
    home = news_index.get_parent().specific
    request = rf.get("/news/found/")
    with serving(request):
        top_level_pages(request), view_restrictions()  # read once for every page

        with django_assert_num_queries(1):
            page = find_page(home, ["news", "found"], request)

    assert type(page) is NewsArticlePage
    assert page.pk == article.pk


def test_a_page_of_another_type_where_articles_stand_is_still_found(client, news_index):
    """Pages put there before the rules, or by a script: the router asks the tree."""
    odd = StandardPage(title="Odd one", slug="odd-one")
    news_index.add_child(instance=odd)
    odd.save_revision().publish()

    response = client.get("/news/odd-one/")

    assert response.status_code == 200
    assert "Odd one" in response.content.decode()
