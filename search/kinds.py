"""Kinds of page, as search results name them and filter by them.

A page type says what kind its pages are with a `search_kind` (a SearchKind); a type
whose pages are of several kinds names the field that tells them apart
(`search_kind_field`) and the kind of each of its values (`search_kinds`), as news
articles do for news, blog posts and speeches. Types that say nothing are pages.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F


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


def told_apart(kinds):
    """{annotation: field} that read, with a page, the field telling its type's kinds
    apart (news, blog post, speech), for each type that has one."""
    return {
        f"kind_{kind.model._meta.model_name}": F(f"{kind.model._meta.model_name}__{kind.field}")
        for kind in kinds.values()
        if kind.field
    }


def kind_of_row(content_type_id, values, kinds):
    """The KindFilter of a page of this content type, with these told_apart values."""
    for kind in kinds.values():
        if content_type_id in kind.content_type_ids and (
            not kind.field or values.get(f"kind_{kind.model._meta.model_name}") == kind.value
        ):
            return kind
    return None
