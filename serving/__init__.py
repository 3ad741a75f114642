"""Serving pages fast without ever serving them stale.

- `serving.generation`: the cache generation, kept in the database and announced in
  Redis; `read()` says whether something kept is still good.
- `serving.changes`: what moves it on (`record()`, `purge_on_change_of(Model)`,
  `purge_everything()`), and which addresses a change affects (`affected_urls()`), purged
  from the CDN once per transaction, after the commit.
- `serving.cache_backends`: Redis as an optional cache, with short timeouts and a breaker.
"""
