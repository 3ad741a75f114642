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
import re

from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText
from wagtail.search.backends.database import SearchBackend as database_backend

# Far more than anyone types; a longer query searches for its first words (counted as
# PostgreSQL counts them: a hyphen parts two words too).
MAX_QUERY_WORDS = 32
_WORD = re.compile(r"[^\s-]+")


def limited(query, *, quotes, budget=None):
    """`query` (a string, or words to match, nested as the admin's parser nests quoted
    words) with at most MAX_QUERY_WORDS words in all, its double quotes read as spaces
    unless `quotes`. `budget`: the words left, shared by the parts of a nested query."""
    budget = budget if budget is not None else [MAX_QUERY_WORDS]
    if isinstance(query, str):
        text = query if quotes else query.replace('"', " ")
        words = list(_WORD.finditer(text))
        if len(words) > budget[0]:
            text = text[: words[budget[0]].start()] if budget[0] else ""
        budget[0] = max(budget[0] - len(words), 0)
        return " ".join(text.split())
    if isinstance(query, PlainText | Phrase):
        text = limited(query.query_string, quotes=quotes, budget=budget)
        if text == " ".join(query.query_string.split()):
            return query
        if isinstance(query, Phrase):
            return Phrase(text)
        return PlainText(text, query.operator, query.boost)
    if isinstance(query, And | Or):
        parts = [limited(part, quotes=quotes, budget=budget) for part in query.subqueries]
        parts = [part for part in parts if getattr(part, "query_string", True)]
        return type(query)(parts) if parts else PlainText("")
    if isinstance(query, Not):
        return Not(limited(query.subquery, quotes=quotes, budget=budget))
    if isinstance(query, Boost):
        return Boost(limited(query.subquery, quotes=quotes, budget=budget), query.boost)
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
