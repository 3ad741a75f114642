"""Serving pages fast without ever serving them stale: every cache of the site, and what
retires it.

Two tiers keep what pages are made of, both only for as long as the *cache generation*
lasts: a number in the database that every change public pages can show moves on, in
the change's own transaction (`serving.generation`, internal).

- `serving.shared`: whole anonymous pages in Redis, for every worker and machine.
  A page type declares the query parameters it reads (`query_params`); its serve()
  calls `limit_query_to()`, so made-up parameters neither reach it nor fill the cache.
  `known_params()`: every parameter some page type reads (nginx's cache key, edge);
  `NEVER_CACHED_PREFIXES`: the addresses never stored.
- `serving.process`: what pages are built from, kept in each worker (`kept()`,
  `kept_among()`; `enabled()`: whether keeping is on at all). In templates, Wagtail's
  `{% wagtailcache None name values %}`, as `CACHES["template_fragments"]` is this tier
  (`FragmentCache`), and `... using="listing_fragments"` for listings' cards, bounded
  apart.

What other apps call, besides each tier's `__all__` above (and nothing else of this
package, in code or in settings but the middleware and cache backend named below:
tests/serving/test_public_api.py checks):

- The `serving_next_content_change` Wagtail hook: a function returning the next moment
  content changes by itself (a role closing, an article dated ahead), or None. Nothing
  kept outlives that moment.
- The `serving_addresses_listing_pages` and `serving_other_addresses` hooks: functions
  returning paths that are not pages (feeds and the sitemap, which list pages and change
  with any of them; the threat level's API and feeds, which change with what every page
  shows), so that the CDN is told to drop them too.
- The `serving_changes_committed` hook: a function called with a committed transaction's
  changes (each with `page`, None for a change every page shows, `url_path_before` and
  `reason`), once the new generation is announced (the mirror, edge.mirror).
- `@shown_on_every_page` on a model: every page shows its rows (the threat level,
  site settings), or, on a page type, every page lists its pages (latest news). Saving
  or deleting one retires everything. Publishing, moving or deleting any page, and
  changes to Sites, view restrictions, images and documents are followed already.
- `record_change(reason)`: for a change made without signals (pages added in bulk).
- `purge_everything(reason)`: operators, after a restore.
- `affected_urls(page)`: the addresses a change of `page` shows at, for purges at the
  edge; `EVERYTHING` when it shows everywhere. `own_urls(page)`: its own addresses.
- `forget_everything()`: this process knows and keeps nothing, as a worker just started
  (tests, the benchmark).
- `next_content_change()`: the next moment content changes by itself (the hooks above'
  earliest), for what keeps copies outside these tiers (the mirror).

The middleware is `serving.middleware.ServingMiddleware`; Redis is reached through
`serving.cache_backends.ResilientRedisCache`, which makes it optional at every moment.
"""

EVERYTHING = "everything"


def shown_on_every_page(model):
    """Class decorator: `model`'s rows show on every page (or, for a page type, its
    pages are listed on every page)."""
    from . import changes

    return changes.shown_on_every_page(model)


def record_change(reason):
    """Record, in the current transaction, a change every page may show."""
    from . import changes

    changes.record(changes.Change(reason))


def purge_everything(reason="purged by hand"):
    """Retire every kept copy, everywhere (operators, after a restore): at once, or when
    the transaction it is called in commits. Wagtail's own copy of the Sites' addresses
    in the cache, which no generation governs, goes too: after a restore, links named
    the replaced Site's host for an hour."""
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()
    record_change(reason)


def affected_urls(page, url_path_before=None):
    """The full addresses a change of `page` shows at, or EVERYTHING."""
    from . import changes

    return changes.affected_urls(
        changes.Change("affected_urls", page=page, url_path_before=url_path_before)
    )


def own_urls(page, url_path_before=None):
    """The full addresses of `page` itself (and before a move, `url_path_before`'s)."""
    from . import changes

    return changes.own_urls(page, url_path_before)


def next_content_change():
    """The earliest moment every `serving_next_content_change` hook returns, or None."""
    from wagtail import hooks

    moments = (fn() for fn in hooks.get_hooks("serving_next_content_change"))
    return min(filter(None, moments), default=None)


def forget_everything():
    """This process knows no generation and keeps nothing, as a worker just started."""
    from . import generation, process

    generation.forget()
    process.forget_everything()
