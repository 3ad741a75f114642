"""What every page shares, kept per process for the cache generation (serving.process).

The page cache is off here: each request renders the page afresh, and only the shared
data (site, settings, navigation, restrictions, latest news, quiz) is kept. Every change
that can show must show on the very next request.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from core.models import SiteSettings
from serving import generation, process, purge_everything
from tests import factories
from tests.serving.test_redis_cache import closed_port, redis_settings
from threats.models import ThreatLevelSettings

pytestmark = pytest.mark.usefixtures("site_for_the_module")


def kept_in(group):
    """What this process keeps in `group` (serving.process.kept_among) for every host."""
    found = {}
    for (_host, name), values in process._memory.groups.items():
        if name == group:
            found.update(values)
    return found


def nav_labels(client, path="/"):
    content = client.get(path).content.decode()
    nav = content.split('class="main-nav__list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


def test_a_page_seen_before_in_this_generation_costs_far_fewer_queries(
    client, kept, django_assert_max_num_queries, django_assert_num_queries
):
    first = client.get("/privacy/")
    client.get("/")

    with django_assert_num_queries(0):  # the page itself is kept too
        again = client.get("/privacy/")

    assert first.content == again.content
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_the_kept_data_is_read_again_after_a_purge(client, kept, settings):
    settings.SERVING_KEEP_IN_PROCESS = False
    with CaptureQueriesContext(connection) as nothing_kept:
        client.get("/privacy/")
    settings.SERVING_KEEP_IN_PROCESS = True
    client.get("/privacy/")
    purge_everything("test")

    # A new generation: everything is read from the database again, as if nothing was
    # kept, and within the page budget.
    with CaptureQueriesContext(connection) as after_purge:
        client.get("/privacy/")
    assert len(after_purge) == len(nothing_kept) <= 12


def test_a_purge_after_a_restore_takes_the_restored_site_s_host(client, kept, home):
    """Found by an operator's probe: a restore changes rows without any signal, and the
    purge its steps ask for left Wagtail's cached addresses of the Sites (an hour in
    Redis): every link, feed, sitemap and mirror page named the replaced host."""
    client.get("/privacy/")
    assert Site.get_site_root_paths()[0].root_url == "http://localhost"
    port = Site.objects.get(is_default_site=True).port
    Site.objects.filter(is_default_site=True).update(port=8080)  # as restored

    purge_everything("restored")

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost:8080/privacy/</loc>" in sitemap
    Site.objects.filter(is_default_site=True).update(port=port)
    purge_everything("put back")


def test_site_settings_change_shows_on_the_next_request(client, kept):
    client.get("/")
    site_settings = SiteSettings.load()
    site_settings.hotline_label = "A renamed hotline"
    site_settings.save()

    assert "A renamed hotline" in client.get("/").content.decode()


def test_threat_level_change_shows_on_the_next_request(client, kept):
    assert ">SUBSTANTIAL</strong>" in client.get("/privacy/").content.decode()

    ThreatLevelSettings.load().change("national", "SEVERE")

    assert ">SEVERE</strong>" in client.get("/privacy/").content.decode()


def test_navigation_follows_publish_and_unpublish(client, kept):
    assert "Freshly added" not in nav_labels(client)

    page = factories.standard_page(kept["home"], "Freshly added", show_in_menus=True)
    assert "Freshly added" in nav_labels(client)

    page.unpublish()
    assert "Freshly added" not in nav_labels(client)


def test_a_view_restriction_takes_effect_on_the_next_request(client, kept):
    assert client.get("/careers/").status_code == 200
    assert "Careers" in nav_labels(client)

    PageViewRestriction.objects.create(page=kept["careers"], restriction_type="login")

    response = client.get("/careers/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert "Careers" not in nav_labels(client)


def test_a_restriction_on_the_home_page_takes_effect(client, kept):
    assert client.get("/").status_code == 200

    restriction = PageViewRestriction.objects.create(page=kept["home"], restriction_type="login")
    assert client.get("/").status_code == 302

    restriction.delete()
    assert client.get("/").status_code == 200


def test_a_changed_site_host_is_followed(client, kept, settings):
    settings.ALLOWED_HOSTS = ["localhost", "other.localhost"]
    assert client.get("/privacy/", HTTP_HOST="localhost").status_code == 200
    other_home = factories.standard_page(kept["home"], "Elsewhere home")
    Site.objects.create(hostname="other.localhost", port=80, root_page=other_home)

    response = client.get("/", HTTP_HOST="other.localhost")

    assert response.status_code == 200
    assert "<h1>Elsewhere home</h1>" in response.content.decode()


def test_a_disallowed_host_is_refused_and_not_kept(client, kept):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert process._memory.hosts == set()
    assert process._memory.groups == {}


def test_only_so_many_hosts_are_kept(client, kept, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for number in range(50):
        assert client.get("/", HTTP_HOST=f"host-{number}.localhost").status_code == 200

    assert len(process._memory.hosts) == process.MAX_KEPT_HOSTS
    assert {host for host, _group in process._memory.groups} == process._memory.hosts


def test_addresses_of_no_page_are_not_kept(client, kept):
    for number in range(20):
        assert client.get(f"/no-such-page-{number}/").status_code == 404

    assert kept_in("routes") == {}
    client.get("/privacy/")
    assert len(kept_in("routes")) == 1


def test_a_settings_row_changed_during_a_request_does_not_reach_the_next(
    rf, kept, django_assert_num_queries
):
    with process.serving(rf.get("/", HTTP_HOST="localhost")) as first:
        loaded = SiteSettings.load(request_or_site=first.request)
        loaded.site_name = "Changed in memory only"

    second = rf.get("/", HTTP_HOST="localhost")
    with process.serving(second), django_assert_num_queries(0):  # kept, a copy of its own
        assert SiteSettings.load(second).site_name != "Changed in memory only"


def test_a_renamed_location_shows_on_role_pages(client, kept):
    careers = factories.careers_index(kept["home"])
    belfast = factories.career_location("Belfast")
    factories.role_profile(careers, "Analyst", locations=[belfast])
    assert "Belfast" in client.get("/careers/analyst/").content.decode()

    belfast.name = "Belfast and Derry"
    belfast.save()

    assert "Belfast and Derry" in client.get("/careers/analyst/").content.decode()


def test_an_article_dated_tomorrow_joins_latest_news_when_its_day_starts(client, kept):
    index = factories.news_index(kept["home"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    factories.news_article(index, "Tomorrows story", tomorrow)
    purge_everything("test")
    assert "Tomorrows story" not in client.get("/").content.decode()

    # The kept data lasts until the start of that day, no longer.
    until = generation.read()[0].until
    assert until == timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def test_kept_data_is_not_used_past_the_next_scheduled_change(client, kept, monkeypatch):
    index = factories.news_index(kept["home"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    factories.news_article(index, "Tomorrows story", tomorrow)
    purge_everything("test")
    assert "Tomorrows story" not in client.get("/").content.decode()

    start_of_tomorrow = timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time(0, 1))
    )
    monkeypatch.setattr(timezone, "now", lambda: start_of_tomorrow)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    assert "Tomorrows story" in client.get("/").content.decode()


def test_without_redis_every_request_reads_afresh(client, kept, settings):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")
    assert client.get("/privacy/").status_code == 200
    site_settings = SiteSettings.load()
    site_settings.hotline_label = "Changed while the cache is down"
    site_settings.save()

    response = client.get("/privacy/")

    assert response.status_code == 200
    assert "Changed while the cache is down" in response.content.decode()


def current_marks(client, path):
    content = client.get(path).content.decode()
    nav = content.split('class="main-nav__list"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'aria-current="(\w+)"[^>]*>([^<]+)</a>', nav)


def test_the_kept_navigation_marks_the_page_being_read(client, kept):
    factories.standard_page(kept["careers"], "Graduates")

    # Each state is rendered once and kept; each request still gets its own marks.
    for _round in range(2):
        assert current_marks(client, "/") == [("page", "Home")]
        assert current_marks(client, "/careers/") == [("page", "Careers")]
        assert current_marks(client, "/careers/graduates/") == [("true", "Careers")]
        assert current_marks(client, "/privacy/") == []


def test_kept_pictures_belong_to_their_own_image(client, kept):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    index = factories.news_index(kept["home"])
    for number in (1, 2):
        image = get_image_model().objects.create(
            title=f"Picture {number}", file=get_test_image_file(f"picture-{number}.png")
        )
        factories.news_article(
            index,
            f"Pictured {number}",
            datetime.date(2020, 1, number),
            image=image,
            image_alt_text=f"Alt text {number}",
        )

    for _round in range(2):
        first = client.get("/news/pictured-1/").content.decode()
        second = client.get("/news/pictured-2/").content.decode()
        assert 'alt="Alt text 1"' in first and "picture-1" in first
        assert 'alt="Alt text 2"' in second and "picture-2" in second
        assert "picture-2" not in first


def test_nothing_is_kept_when_turned_off(client, kept, settings):
    settings.SERVING_KEEP_IN_PROCESS = False
    client.get("/privacy/")

    assert process._memory.groups == {}


def test_fragments_kept_anywhere_but_the_process_are_refused_at_start(settings):
    from django.core.checks import run_checks

    assert [e.id for e in run_checks() if e.id.startswith("serving.")] == []

    settings.CACHES = {"default": settings.CACHES["default"]}  # fragments would go to Redis
    errors = [e for e in run_checks() if e.id == "serving.E001"]
    assert len(errors) == 2


def test_a_request_that_read_an_earlier_generation_keeps_nothing_in_a_later_one(rf, kept):
    """Found by a review of the fault probe: a request that had read the generation
    before a change took the memory back to it, and, in a race, kept a value built from
    what it read before the change in the memory of the generation after it."""
    earlier = generation.Generation(10, None)
    later = generation.Generation(11, None)

    def served(current, value):
        with process.serving(rf.get("/", HTTP_HOST="localhost"), current):
            return process.kept("what every page shows", lambda: value)

    assert served(later, "after the change") == "after the change"
    # A request still at the generation before: built for itself, nothing kept.
    assert served(earlier, "before the change") == "before the change"
    assert served(later, "built again") == "after the change"  # kept as it was
    assert process._memory.generation == later
