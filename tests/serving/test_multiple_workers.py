"""Two gunicorn servers sharing one Redis: a change shows at once on both.

Each server is a separate gunicorn master with one worker, so that a request can be
sent to a chosen worker. They share a SQLite file and a Redis database, as several
machines share PostgreSQL and Redis in production. Changes are made by a third
process, as an editor's request or a management command would.
"""

import os

import pytest

from tests.serving.servers import Deployment, fetch
from tests.serving.test_redis_cache import REDIS_URL, redis_is_up

pytestmark = pytest.mark.multiprocess


# With the page cache, and without it: then each worker renders every page, and only
# what pages share is kept per process (serving.process), which must follow too.
@pytest.fixture(scope="module", params=[300, 0], ids=["page-cache", "shared-data-only"])
def deployment(request, tmp_path_factory):
    if not redis_is_up():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}.")
        pytest.skip(f"Redis is not running at {REDIS_URL}.")
    site = Deployment(
        tmp_path_factory.mktemp("deployment"),
        redis_url=REDIS_URL,
        PAGE_CACHE_SECONDS=str(request.param),
    )
    site.page_cache_seconds = request.param
    site.set_up()
    site.start()
    yield site
    site.stop()


def everywhere(deployment, path):
    """The page from each worker, after the change (each request warms the cache)."""
    return deployment.everywhere(path)


def test_a_page_cached_by_one_worker_is_served_by_the_other(deployment):
    first, second = deployment.urls
    fetch(first, "/what-we-do/")

    status, headers, _body = fetch(second, "/what-we-do/")

    assert status == 200
    if deployment.page_cache_seconds:
        assert headers["X-Page-Cache"] == "hit"
    else:
        assert "X-Page-Cache" not in headers


def test_a_threat_level_change_shows_on_both_workers(deployment):
    everywhere(deployment, "/")
    deployment.run_python(
        "from threats.models import ThreatLevelSettings as T; T.load().change('national', 'SEVERE')"
    )

    for status, _headers, body in everywhere(deployment, "/"):
        assert status == 200
        assert ">SEVERE</strong>" in body
    for _status, _headers, body in everywhere(deployment, "/api/threat-level.json"):
        assert '"level": "SEVERE"' in body


def test_publish_unpublish_move_and_delete_show_on_both_workers(deployment):
    everywhere(deployment, "/")
    deployment.run_python(
        "from wagtail.models import Site; from core.models import StandardPage as S;"
        "home = Site.objects.get(is_default_site=True).root_page;"
        "p = S(title='Freshly published', slug='freshly-published', show_in_menus=True);"
        "home.add_child(instance=p); p.save_revision().publish()"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Freshly published" in body

    deployment.run_python(
        "from core.models import StandardPage as S;"
        "S.objects.get(slug='freshly-published').unpublish()"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Freshly published" not in body

    everywhere(deployment, "/contact-and-reporting/")
    deployment.run_python(
        "from wagtail.models import Page;"
        "page = Page.objects.get(slug='contact-and-reporting');"
        "page.move(Page.objects.get(slug='what-we-do').specific, pos='last-child')"
    )
    # The old address redirects to the new one (Wagtail records a redirect on a move).
    for status, headers, _body in everywhere(deployment, "/contact-and-reporting/"):
        assert status == 301
        assert headers["Location"].endswith("/what-we-do/contact-and-reporting/")
    for status, _headers, body in everywhere(deployment, "/what-we-do/contact-and-reporting/"):
        assert status == 200
        assert "<h1>Contact and reporting</h1>" in body

    deployment.run_python(
        "from wagtail.models import Page; Page.objects.get(slug='contact-and-reporting').delete()"
    )
    for status, _headers, _body in everywhere(deployment, "/what-we-do/contact-and-reporting/"):
        assert status == 404


def test_news_published_shows_in_latest_news_and_feeds_on_both_workers(deployment):
    everywhere(deployment, "/")
    everywhere(deployment, "/feeds/news.atom")
    deployment.run_python(
        "import datetime; from news.models import NewsIndexPage, NewsArticlePage as A;"
        "index = NewsIndexPage.objects.get();"
        "a = A(title='Breaking test story', slug='breaking-test-story', kind='news',"
        " summary='A story.', published_date=datetime.date.today());"
        "index.add_child(instance=a); a.save_revision().publish()"
    )

    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Breaking test story" in body
    for _status, _headers, body in everywhere(deployment, "/news/"):
        assert "Breaking test story" in body
    for _status, _headers, body in everywhere(deployment, "/feeds/news.atom"):
        assert "Breaking test story" in body


def test_site_settings_and_quiz_changes_show_on_both_workers(deployment):
    everywhere(deployment, "/")
    deployment.run_python(
        "from core.models import SiteSettings as S; s = S.load();"
        "s.hotline_label = 'Renamed hotline'; s.save()"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "Renamed hotline" in body

    deployment.run_python(
        "from quiz.models import FactOrFiction as F;"
        "F.objects.create(statement='A brand new quiz statement.', answer='fact',"
        " explanation='Because.')"
    )
    for _status, _headers, body in everywhere(deployment, "/"):
        assert "A brand new quiz statement." in body


def test_a_view_restriction_shows_on_both_workers(deployment):
    everywhere(deployment, "/careers/")
    deployment.run_python(
        "from wagtail.models import Page, PageViewRestriction as R;"
        "R.objects.create(page=Page.objects.get(slug='careers'), restriction_type='login')"
    )
    for status, headers, _body in everywhere(deployment, "/careers/"):
        assert status == 302
        assert "login" in headers["Location"]
    for _status, _headers, body in everywhere(deployment, "/"):
        assert 'href="/careers/"' not in body

    deployment.run_python(
        "from wagtail.models import PageViewRestriction as R; R.objects.all().delete()"
    )
    for status, _headers, _body in everywhere(deployment, "/careers/"):
        assert status == 200


def test_head_requests_leave_no_warning_in_gunicorns_log(deployment):
    """Django answers HEAD as GET; gunicorn dropped each body with a warning, so anyone
    could fill the log (core.security.HeadWithoutBodyMiddleware), a document's too."""
    document = deployment.run_python(
        "from django.core.files.base import ContentFile;"
        "from wagtail.documents.models import Document;"
        "d = Document(title='Annual report');"
        "d.file.save('annual-report.txt', ContentFile(b'A public document.' * 100));"
        "print(d.url)"
    ).strip()
    for url in deployment.urls:
        for path in ("/", "/news/", "/feeds/news.atom", "/api/threat-level.json", document):
            status, headers, body = fetch(url, path, method="HEAD")
            assert (status, body) == (200, ""), path
            _status, get_headers, get_body = fetch(url, path, binary=True)
            assert headers["Content-Type"] == get_headers["Content-Type"], path
            assert headers["Content-Length"] == str(len(get_body)), path  # the GET's
    assert "no-body response" not in deployment.logs()
