"""Purging a CDN in front of the site, when one is configured (WAGTAILFRONTENDCACHE).

The shared page cache is purged by portal.page_cache; this tells the CDN too. A page
change purges the page, the pages that list it (its parent, the home page), the feeds
and the sitemap; a site-wide change purges every live page.
"""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)

LISTING_PATHS = ("/feeds/news.atom", "/feeds/news.rss", "/sitemap.xml")


def cdn_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_page_from_cdn(page):
    if not cdn_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache, purge_urls_from_cache
    from wagtail.models import Page

    pages = [page, *Page.objects.ancestor_of(page).filter(depth__gte=2)]
    try:
        purge_pages_from_cache(pages)
        site = page.get_site()
        if site is not None:
            purge_urls_from_cache([site.root_url + path for path in LISTING_PATHS])
    except Exception:  # a CDN outage must not stop an editor publishing
        logger.exception("CDN purge failed for page %s", page.pk)


def purge_everything_from_cdn():
    if not cdn_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache
    from wagtail.models import Page

    try:
        purge_pages_from_cache(Page.objects.live().filter(depth__gte=2))
    except Exception:  # a CDN outage must not stop an editor publishing
        logger.exception("CDN purge of every page failed")
