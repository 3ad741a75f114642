"""The search backend: Wagtail's database backend (SQLite's full-text index, or
PostgreSQL's), with double quotes kept out of SQLite's query syntax.

Why not Wagtail's alone: its SQLite backend (modelsearch) hands each word to FTS5 as it
is typed, and a lone `"` is an unterminated string there: an admin search for an image,
or in the page chooser, was a 500. PostgreSQL takes it as nothing. The site's own search
parses its words itself (search.query) and never sends one. (The SQLite backend's module
is imported only on SQLite: it looks up models that exist only there.)
"""

import functools

from modelsearch.query import PlainText
from wagtail.search.backends.database import SearchBackend as database_backend


def without_quotes(query):
    """`query` (a string, or words to match) with its double quotes read as spaces."""
    if isinstance(query, str):
        return " ".join(query.replace('"', " ").split())
    if isinstance(query, PlainText) and '"' in query.query_string:
        return PlainText(without_quotes(query.query_string), query.operator, query.boost)
    return query


@functools.cache
def sqlite_backend_class():
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    class SQLiteBackend(SQLiteSearchBackend):
        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            query = without_quotes(query)
            if isinstance(query, PlainText) and not query.query_string:
                query = ""  # nothing left to look for: no results, as for an empty search
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    return SQLiteBackend


def SearchBackend(params):  # noqa: N802 (Wagtail imports the name `SearchBackend`)
    backend = database_backend(params)
    if type(backend).__module__.endswith(".sqlite.sqlite"):
        return sqlite_backend_class()(params)
    return backend
