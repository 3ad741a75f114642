"""What of a page search reads: the text of its search fields, as words and as stems.

A page type declares what it is found by in Wagtail's way (`search_fields`); nothing
here names a page type, so a type added later is found with no change to search.
"""

from django.db.models import Manager
from django.utils.encoding import force_str
from wagtail.search import index

STEMS_FIELD = "search_stems"


def _flatten(value):
    if value is None:
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    else:
        yield force_str(value)


def _texts(obj, fields):
    # Written here rather than reusing the search backends' ObjectIndexer: that class is
    # internal to each backend module (django-modelsearch), and differs between them.
    for field in fields:
        if isinstance(field, index.SearchField) and field.field_name != STEMS_FIELD:
            yield from _flatten(field.get_value(obj))
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            if isinstance(related, Manager):
                related = list(related.all())
            elif callable(related):
                related = related()
            for item in related if isinstance(related, list) else [related]:
                if item is not None:
                    yield from _texts(item, field.fields)


def page_text(page):
    """Every text the page is found by, the title first."""
    return " ".join(_texts(page, page.get_search_fields()))


def stems_field_value(page):
    """The extra indexed field: the stems of the page's words, the title's twice (a word
    in the title counts for more, in the same way on both databases)."""
    from .text import stems

    return " ".join([*stems(page.title) * 2, *stems(page_text(page))])
