"""Kinds of page, as search results name them and filter by them.

A page type says what kind its pages are with a `search_kind` (a SearchKind); a type
whose pages are of several kinds names the field that tells them apart
(`search_kind_field`) and the kind of each of its values (`search_kinds`), as news
articles do for news, blog posts and speeches. Types that say nothing are pages.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class SearchKind:
    slug: str
    label: str
    plural: str


@dataclass(frozen=True)
class KindFilter:
    """The pages of one kind: of these content types, or of one type with a field's value."""

    kind: SearchKind
    content_type_ids: tuple
    field: str = None
    value: str = None
    model: type = None


def kinds_of_type(model):
    """[(field value or None, SearchKind)] for a page type."""
    field = getattr(model, "search_kind_field", None)
    if field:
        return list(model.search_kinds.items())
    kind = getattr(model, "search_kind", None)
    return [(None, kind)] if kind else []


def kind_filters():
    """{slug: KindFilter} for every kind of the page types in use (content type ids from
    Django's own cache of them, which tests that recreate the rows clear)."""
    from wagtail.models import get_page_models

    by_slug = {}
    for model in get_page_models():
        if model._meta.abstract:
            continue
        content_type_id = ContentType.objects.get_for_model(model).pk
        for value, kind in kinds_of_type(model):
            if value is not None:
                by_slug[kind.slug] = KindFilter(
                    kind, (content_type_id,), model.search_kind_field, value, model
                )
            elif kind.slug in by_slug:
                known = by_slug[kind.slug]
                by_slug[kind.slug] = KindFilter(kind, (*known.content_type_ids, content_type_id))
            else:
                by_slug[kind.slug] = KindFilter(kind, (content_type_id,))
    return by_slug


def kind_of(model, value=None):
    """The SearchKind of a page of `model` (with `value` in its kind field, if it has one)."""
    if model is None:
        return None
    field = getattr(model, "search_kind_field", None)
    if field:
        return model.search_kinds.get(value)
    return getattr(model, "search_kind", None)
