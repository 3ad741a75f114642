"""The search index and the vocabulary follow every change of what is public, in the
change's transaction; a save that only records a revision changes neither."""

import functools

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.search import index, signal_handlers

from . import vocabulary
from .indexing import STEMS_FIELD


def _index_page(sender, instance, update_fields=None, **kwargs):
    """Wagtail's receiver for a page of ours (BasePage.search_auto_update is off), but for
    a save that only records a revision: the index reads the page's own row, which that
    save leaves as it was (each page built and published was indexed four times)."""
    from core.models import records_a_revision_only

    if not records_a_revision_only(update_fields):
        signal_handlers.post_save_signal_handler(instance, update_fields=update_fields, **kwargs)


@functools.cache
def reads_beyond_its_row(model):
    """Whether a page type's index entry reads more than the page's own row: a related
    model, or a method (a role's facts name its locations, saved after the row)."""
    columns = {field.name for field in model._meta.concrete_fields}
    return any(
        isinstance(field, index.RelatedFields)
        or (
            isinstance(field, index.SearchField | index.AutocompleteField)
            and field.field_name not in columns
            and field.field_name != STEMS_FIELD  # made of the fields tested here
        )
        for field in model.get_search_fields()
    )


def _published(instance, **kwargs):
    # Indexed when its row was saved, before its relations were: where the index reads
    # them, index it again, whole.
    if reads_beyond_its_row(type(instance)):
        index.insert_or_update_object(instance)
    vocabulary.refresh([instance])


def _alias_made(sender, instance, created=False, **kwargs):
    """An alias is made live without `page_published` (sent for it only when the page it
    copies is published again): without this its result had no summary, and its words
    counted for nothing, until then."""
    from wagtail.models import Page

    if created and isinstance(instance, Page) and instance.alias_of_id and instance.live:
        vocabulary.refresh([instance.specific])


def _unpublished(instance, **kwargs):
    # Also sent for a live page being deleted, which still says it is live.
    vocabulary.forget([instance.pk])


def _moved(instance, **kwargs):
    vocabulary.refresh_tree(instance)


def _restriction_changed(instance, origin=None, **kwargs):
    from wagtail.models import Page

    # Deleted with its page (`origin`: what the deletion began with), the page already
    # forgotten (_deleted): reading what was below it, half deleted, failed, and a private
    # page could not be deleted.
    if isinstance(origin, Page) or issubclass(getattr(origin, "model", object), Page):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        # Its aliases are as private as it is.
        for each in (page, *Page.objects.filter(alias_of=page)):
            vocabulary.refresh_tree(each)


def _deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        vocabulary.forget([instance.pk])


def connect():
    from wagtail.models import PageViewRestriction, get_page_models
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from core.models import BasePage

    # Connected before serving's receivers (this app comes first in INSTALLED_APPS): the
    # index and the vocabulary are current when the cache generation moves on.
    for model in get_page_models():
        if issubclass(model, BasePage):
            # (A page's deletion is Wagtail's: its receiver for Page itself removes it.)
            uid = f"search-index-{model._meta.label_lower}"
            post_save.connect(_index_page, sender=model, dispatch_uid=uid)
    page_published.connect(_published, dispatch_uid="search-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(_moved, dispatch_uid="search-moved")
    pre_delete.connect(_deleted, dispatch_uid="search-deleted")
    post_save.connect(_alias_made, dispatch_uid="search-alias-made")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{signal is post_save}",
        )
