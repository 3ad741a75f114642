"""The vocabulary follows every change of what is public, in the change's transaction."""

import threading

from django.core.signals import request_started
from django.db.models.signals import post_delete, post_save, pre_delete
from django.db.transaction import on_commit

from . import vocabulary

# Pages being deleted in this thread, until the transaction commits (or the next request,
# after a rollback): a view restriction deleted with its page, which Django does before
# the page's own rows, has nothing left to refresh (the page is forgotten already, and
# reading what is below it, half deleted, failed: a private page could not be deleted).
_deleting = threading.local()


def _being_deleted():
    if getattr(_deleting, "pages", None) is None:
        _deleting.pages = set()
    return _deleting.pages


def _forget_deletions(**kwargs):
    _being_deleted().clear()


def _published(instance, **kwargs):
    from wagtail.search.index import insert_or_update_object

    # Wagtail indexed the page when its row was saved, before its many-to-many relations
    # (a role's locations) were: index it again, whole.
    insert_or_update_object(instance)
    vocabulary.refresh([instance])


def _unpublished(instance, **kwargs):
    # Also sent for a live page being deleted, which still says it is live.
    vocabulary.forget([instance.pk])


def _moved(instance, **kwargs):
    vocabulary.refresh_tree(instance)


def _restriction_changed(instance, **kwargs):
    from wagtail.models import Page

    if instance.page_id in _being_deleted():
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        vocabulary.refresh_tree(page)


def _deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        _being_deleted().add(instance.pk)
        on_commit(_forget_deletions)
        vocabulary.forget([instance.pk])


def connect():
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # Connected before serving's receivers (this app comes first in INSTALLED_APPS): the
    # index and the vocabulary are current when the cache generation moves on.
    page_published.connect(_published, dispatch_uid="search-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(_moved, dispatch_uid="search-moved")
    pre_delete.connect(_deleted, dispatch_uid="search-deleted")
    request_started.connect(_forget_deletions, dispatch_uid="search-forget-deletions")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{signal is post_save}",
        )
