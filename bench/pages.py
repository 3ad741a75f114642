"""Print, as JSON, one URL per public page type and the queries it costs uncached.

Run with the benchmark's environment (DATABASE_URL etc.): python -m bench.pages
"""

import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402


def first_url(model_label, **filters):
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except LookupError:
        return None
    page = model.objects.live().filter(**filters).order_by("path").first()
    return page.url if page else None


def page_urls():
    candidates = {
        "home": "/",
        "standard page": first_url("core.StandardPage"),
        "mission": first_url("threats.MissionPage"),
        "threat category": first_url("threats.ThreatCategoryPage"),
        "threat levels": first_url("threats.ThreatLevelsPage"),
        "news index": first_url("news.NewsIndexPage"),
        "news index, page 2": (first_url("news.NewsIndexPage") or "") + "?page=2",
        "article": first_url("news.NewsArticlePage", kind="news"),
        "speech": first_url("news.NewsArticlePage", kind="speech"),
        "transcript index": first_url("news.VideoTranscriptIndexPage"),
        "transcript": first_url("news.VideoTranscriptPage"),
        "careers index": first_url("careers.CareersIndexPage"),
        "role profile": first_url("careers.RoleProfilePage"),
        "staff story": first_url("careers.StaffStoryPage"),
        "news feed": "/feeds/news.atom",
        "threat level API": "/api/threat-level.json",
        "search results": "/search/?q=security",
    }
    from news.models import NewsArticlePage

    if NewsArticlePage.objects.live().count() <= 10:
        del candidates["news index, page 2"]  # there is no second page yet
    return {name: url for name, url in candidates.items() if url and not url.startswith("?")}


def main():
    from serving import forget_everything, purge_everything, shared

    settings.SERVING_PAGE_CACHE_SECONDS = 0
    settings.SERVING_KEEP_IN_PROCESS = True
    client = Client(HTTP_HOST="localhost")
    result = {}
    for name, url in page_urls().items():
        client.get(url)  # warm Wagtail's own caches, as a running server would be
        # Cold: the first request after a change (a new cache generation), when nothing
        # shared is kept yet; warm: the next one (serving.process).
        purge_everything("benchmark")
        # ... and in a freshly started worker, which knows no generation: the cold count
        # includes its bookkeeping (reading the CacheGeneration row; finding the next
        # scheduled change if Redis does not have it).
        forget_everything()
        with CaptureQueriesContext(connection) as cold:
            status = client.get(url).status_code
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        # Bare: nothing kept at all, every request as costly as the first.
        settings.SERVING_KEEP_IN_PROCESS = False
        with CaptureQueriesContext(connection) as bare:
            client.get(url)
        settings.SERVING_KEEP_IN_PROCESS = True
        result[name] = {
            "url": url,
            "queries": len(cold),
            "warm": len(warm),
            "bare": len(bare),
            "status": status,
            # Search results and the like are never cached: one row is enough for them.
            "cacheable": not url.startswith(shared.NEVER_CACHED_PREFIXES),
        }
    result["_articles"] = Page.objects.filter(content_type__model="newsarticlepage").count()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
