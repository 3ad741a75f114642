"""The search backend: Wagtail's database backend (SQLite's full-text index, or
PostgreSQL's), with at most MAX_QUERY_WORDS words a query and, on SQLite, double quotes
kept out of its query syntax.

Why not Wagtail's alone: its database backends (modelsearch) build one nested
expression per word, and a pasted paragraph (147 words on PostgreSQL, about 400 on
SQLite) overflowed Python's recursion limit: a 500 in every admin search and chooser. And
its SQLite backend hands each word to FTS5 as it is typed, where a lone `"` is an
unterminated string: an admin search for an image, or in the page chooser, was a 500.
PostgreSQL takes it as nothing. The site's own search parses its words itself
(search.query, at most a dozen) and never sends one. (The SQLite backend's module is
imported only on SQLite: it looks up models that exist only there.)
"""

import functools

from modelsearch.query import PlainText
from wagtail.search.backends.database import SearchBackend as database_backend

# Far more than anyone types; a longer query searches for its first words.
MAX_QUERY_WORDS = 32


def limited(query, *, quotes):
    """`query` (a string, or words to match) with at most MAX_QUERY_WORDS words, its double
    quotes read as spaces unless `quotes`."""
    if isinstance(query, str):
        text = query if quotes else query.replace('"', " ")
        return " ".join(text.split()[:MAX_QUERY_WORDS])
    if isinstance(query, PlainText):
        text = limited(query.query_string, quotes=quotes)
        if text != " ".join(query.query_string.split()):
            return PlainText(text, query.operator, query.boost)
    return query


@functools.cache
def backend_class(base):
    quotes = not base.__module__.endswith(".sqlite.sqlite")

    class Backend(base):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            query = limited(query, quotes=quotes)
            if isinstance(query, PlainText) and not query.query_string:
                query = ""  # nothing left to look for: no results, as for an empty search
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    return Backend


def SearchBackend(params):  # noqa: N802 (Wagtail imports the name `SearchBackend`)
    return backend_class(type(database_backend(params)))(params)
