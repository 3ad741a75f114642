"""Go-live and expiry dates: publish_scheduled publishes and unpublishes, and purges the cache."""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from tests import factories

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def cached_copy_of(client, path):
    """Request `path` twice: the second answer comes from the page cache."""
    client.get(path)
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def schedule(page, go_live_at):
    """Publish a revision with a go-live date, as the admin's "Publish" does with one set."""
    page.go_live_at = go_live_at
    revision = page.save_revision()
    revision.publish()
    return revision


def test_a_page_due_to_go_live_is_published_and_purged_from_the_cache(client, cached_site, news):
    article = factories.news_article(news, "Scheduled story", datetime.date(2024, 1, 1), live=False)
    schedule(article, timezone.now() + datetime.timedelta(hours=1))
    assert not Page.objects.get(pk=article.pk).live
    assert "Scheduled story" not in cached_copy_of(client, "/news/")

    two_hours_later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=two_hours_later):
        call_command("publish_scheduled")

    page = Page.objects.get(pk=article.pk)
    assert page.live
    response = client.get("/news/")
    assert response["X-Page-Cache"] == "miss"
    assert "Scheduled story" in response.content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_a_page_past_its_expiry_is_unpublished_and_purged_from_the_cache(client, cached_site, news):
    article = factories.news_article(news, "Expiring story", datetime.date(2024, 1, 1))
    Page.objects.filter(pk=article.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    cache.delete("page-cache:next-change")
    assert "Expiring story" in cached_copy_of(client, "/news/")
    assert "Expiring story" in cached_copy_of(client, "/news/expiring-story/")

    call_command("publish_scheduled")

    page = Page.objects.get(pk=article.pk)
    assert not page.live
    assert page.expired
    listing = client.get("/news/")
    assert listing["X-Page-Cache"] == "miss"
    assert "Expiring story" not in listing.content.decode()
    assert client.get("/news/expiring-story/").status_code == 404


def test_scheduling_a_go_live_changes_nothing_shown(client, cached_site, news):
    """The page goes live when publish_scheduled publishes it (above), a commit that
    retires what was kept; scheduling it alone leaves the site as it was."""
    article = factories.news_article(news, "Later story", None, live=False)
    cached_copy_of(client, "/news/")

    schedule(article, timezone.now() + datetime.timedelta(days=1))

    assert not Page.objects.get(pk=article.pk).live
    assert "Later story" not in cached_copy_of(client, "/news/")


def test_nothing_due_leaves_the_cache_alone(client, cached_site, news):
    factories.news_article(news, "Future story", None, live=False)
    cached_copy_of(client, "/news/")

    call_command("publish_scheduled")

    assert client.get("/news/")["X-Page-Cache"] == "hit"
